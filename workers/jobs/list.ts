/**
 * `GET /LOGIN/jobs?state=running` (or `?name=`): the live-job list muskie
 * served from its job index, one `{"name":id,"type":"directory","mtime":...}`
 * per line. A plain `GET /LOGIN/jobs` is a directory listing and falls through
 * to the storage routes.
 */
import type { Context, Next } from "hono";
import { MantaError } from "../../core/errors.ts";
import { indexStub } from "../../durable-objects/job-index.ts";
import type { AppEnv } from "../env.ts";
import { authenticate, authorize, resolveTarget } from "../middleware/authenticate.ts";

const MAX_LISTED = 1024;

function filters(url: URL): { state: string | null; name: string | null } | null {
  const q = url.searchParams;
  const state = q.get("state") ?? q.get("status");
  const name = q.get("name");
  return state === null && name === null ? null : { state, name };
}

/** Answers only filtered listings; anything else goes on to the storage routes' own auth chain. */
export async function listFilteredJobs(c: Context<AppEnv>, next: Next): Promise<Response | void> {
  if (filters(new URL(c.req.url)) === null) return next();
  let res: Response | undefined;
  const answer = async (): Promise<void> => void (res = await listJobs(c));
  const authorized = async (): Promise<void> => void (await authorize(c, answer));
  const resolved = async (): Promise<void> => void (await resolveTarget(c, authorized));
  await authenticate(c, resolved);
  return res;
}

async function listJobs(c: Context<AppEnv>): Promise<Response> {
  const f = filters(new URL(c.req.url))!;
  if (f.state !== null && f.state !== "running" && f.state !== "live") {
    throw new MantaError("InvalidParameter", `"${f.state}" is invalid for "state"`);
  }
  if (f.name !== null && !/^[\w-]+$/.test(f.name)) throw new MantaError("InvalidParameter", `"${f.name}" is invalid for "name"`);
  const jobs = await indexStub(c.env, c.get("target").login).list(f.state === null ? null : "running", f.name, MAX_LISTED);
  const body = jobs.map((j) => JSON.stringify({ name: j.id, type: "directory", mtime: new Date(j.created).toISOString() }) + "\n").join("");
  return new Response(c.req.method === "HEAD" ? null : body, { status: 200, headers: { "content-type": "application/x-json-stream; type=job" } });
}
