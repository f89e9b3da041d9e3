/**
 * CreateJob, in muskie's order: validate the body (marlin's schema), make the
 * job's directories (`/LOGIN/jobs/ID`, `/LOGIN/jobs/ID/stor`, so `mls` and
 * outputs work through the storage routes), create the JobDO, list it in the
 * account's job index, answer 201 with `Location: /LOGIN/jobs/ID`.
 */
import type { Context } from "hono";
import { unwrap } from "../../core/errors.ts";
import { jobDir, outputBase } from "../../core/jobs/naming.ts";
import { parseJobSpec } from "../../core/jobs/spec.ts";
import { jobStub } from "../../durable-objects/job/job.ts";
import { indexStub } from "../../durable-objects/job-index.ts";
import { z } from "zod";
import { readJsonBody } from "../body.ts";
import type { AppEnv } from "../env.ts";
import { mkdirp } from "../../namespace/index.ts";

export async function createJob(c: Context<AppEnv>): Promise<Response> {
  const login = c.get("target").login;
  const spec = parseJobSpec(await readJsonBody(c.req.raw, z.unknown(), { notJson: "InvalidJob", invalid: "InvalidJob", what: "job" }));
  const id = crypto.randomUUID();
  unwrap(await mkdirp(c.env, [jobDir(login, id), outputBase(login, id)]));
  unwrap(await jobStub(c.env, id).create(id, login, spec));
  await indexStub(c.env, login).put({ id, state: "running", name: spec.name, created: Date.now() });
  return new Response(null, { status: 201, headers: { location: `${jobDir(login, id)}`, "content-length": "0" } });
}
