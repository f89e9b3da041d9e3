/**
 * The storage API as a task sees it: the Manta tools inside a job or an mlogin
 * session (mls, mget, mput, ...) reach the same routes as the public front door,
 * but as their job's owner, known rather than signed. The owner travels in
 * `ctx.props`, which only this Worker's own code can set (a ShardDO asks
 * `ctx.exports.TaskStorage({ props: { login } })`): the entrypoint has no route
 * from the network, and what the guest sends cannot name another caller.
 * Steps: context (request id, the owner as caller) -> the storage routes, whose
 * `authorize` asks core/access.ts as for any caller -> the one error writer -> the
 * access-log line, as for a request from outside.
 */
import { WorkerEntrypoint } from "cloudflare:workers";
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./env.ts";
import { onError } from "./middleware/on-error.ts";
import { logRequest } from "./middleware/request-context.ts";
import { storageRoutes } from "./routes/storage.ts";

export interface TaskStorageProps {
  login: string;
}

function appFor(login: string): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", async (c, next) => {
    c.set("requestId", crypto.randomUUID());
    c.set("startedAt", Date.now());
    c.set("preflight", false);
    c.set("caller", { login: null, via: "anonymous" }); // until asOwner: OPTIONS identifies no one
    await next();
    logRequest(c); // the audit log covers what tasks do as their owner too
  });
  const asOwner = createMiddleware<AppEnv>(async (c, next) => {
    c.set("caller", { login, via: "task" });
    await next();
  });
  app.route("/", storageRoutes(asOwner));
  app.onError(onError);
  return app;
}

export class TaskStorage extends WorkerEntrypoint<Env, TaskStorageProps> {
  override async fetch(request: Request): Promise<Response> {
    const login = this.ctx.props?.login;
    if (typeof login !== "string" || login === "") return Response.json({ code: "InternalError", message: "task storage without an owner" }, { status: 500 });
    return appFor(login).fetch(request, this.env, this.ctx);
  }
}
