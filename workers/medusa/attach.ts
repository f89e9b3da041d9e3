/**
 * `GET /LOGIN/medusa/attach/JOBID/{master,slave}`: muskie's medusa attach chain,
 * in its order — the job exists and is the caller's (404), is not done (409),
 * the request is a WebSocket upgrade (400 ExpectedUpgrade) — then the socket is
 * handed to the session's ReflectorDO. The master signs like any request; the
 * slave (the in-job agent) must come with the presigned URL mlogin put in the
 * job's config object, so no other request can take the agent's end.
 */
import type { Context } from "hono";
import { MantaError, unwrap } from "../../core/errors.ts";
import type { Role } from "../../core/mlogin/protocol.ts";
import { jobStub } from "../../durable-objects/job/job.ts";
import { ROLE_HEADER, type ReflectorDO } from "../../durable-objects/reflector.ts";
import type { AppEnv } from "../env.ts";

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function reflectorStub(env: Env, jobId: string): DurableObjectStub<ReflectorDO> {
  return env.REFLECTOR.getByName(jobId) as DurableObjectStub<ReflectorDO>;
}

export async function attach(c: Context<AppEnv>): Promise<Response> {
  const login = c.req.param("login") ?? "";
  const id = c.req.param("id") ?? "";
  const role = c.req.param("role") as Role;
  const path = `/${login}/medusa/attach/${id}/${role}`;
  const caller = c.get("caller");
  if (caller.login === null) throw new MantaError("AuthorizationFailed", `GET ${path} requires a signed request`);
  if (caller.login !== login) throw new MantaError("AuthorizationFailed", `${caller.login} is not allowed to access ${path}`);
  if (!JOB_ID.test(id)) throw new MantaError("ResourceNotFound", `/${login}/jobs/${id} was not found`);
  const { job } = unwrap(await jobStub(c.env, id).status(login, id));
  if ((job as { state?: unknown }).state === "done") throw new MantaError("InvalidJobState", `job ${id} is in state 'done'`);
  if (role === "slave" && caller.via !== "presigned") {
    throw new MantaError("AuthorizationFailed", `${path} is only for the session agent (a presigned URL)`);
  }
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") throw new MantaError("ExpectedUpgrade", `${path} requires a Websocket Upgrade`);

  const headers = new Headers(c.req.raw.headers);
  headers.set(ROLE_HEADER, role);
  const answer = await reflectorStub(c.env, id).fetch(new Request(c.req.raw.url, { headers }));
  if (answer.status !== 101 || !answer.webSocket) {
    throw role === "master"
      ? new MantaError("InvalidJobState", `job ${id} already has an interactive session attached`)
      : new MantaError("InvalidJobState", `job ${id} has no session waiting for its agent`);
  }
  // A fresh Response: the DO's has immutable headers, and the request context stamps its own.
  return new Response(null, { status: 101, webSocket: answer.webSocket });
}
