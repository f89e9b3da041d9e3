/** The storage namespace: every path under /LOGIN, dispatched by method and (for PUT) content-type. */
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { MantaError } from "../../core/errors.ts";
import type { AppEnv } from "../env.ts";
import { authenticate, authorize, resolveTarget } from "../middleware/authenticate.ts";
import { deleteEntry } from "../storage/delete.ts";
import { getEntry } from "../storage/get.ts";
import { preflightCors } from "../storage/options.ts";
import { putDirectory } from "../storage/put-directory.ts";
import { putMetadata } from "../storage/put-metadata.ts";
import { putObject } from "../storage/put-object.ts";
import { putSnapLink } from "../storage/snaplink.ts";


function mediaParams(c: Context<AppEnv>): { base: string; type: string | null } {
  const ct = (c.req.header("content-type") ?? "").toLowerCase();
  const [base, ...params] = ct.split(";").map((s) => s.trim());
  const type = params.find((p) => p.startsWith("type="))?.slice(5) ?? null;
  return { base: base ?? "", type };
}

export function put(c: Context<AppEnv>): Promise<Response> {
  if (new URL(c.req.url).searchParams.get("metadata") === "true") return putMetadata(c);
  const { base, type } = mediaParams(c);
  if (base === "application/json" && type === "directory") return putDirectory(c);
  if (base === "application/json" && type === "link") return putSnapLink(c);
  return putObject(c);
}

/**
 * /LOGIN/uploads holds the parts of multipart uploads, which the upload routes
 * alone write: a name made there by hand (a snaplink, say) would become a part
 * of the committed object without the upload's checks.
 */
const refuseUploadsWrites = createMiddleware<AppEnv>(async (c, next) => {
  const target = c.get("target");
  if (target.segments[0] === "uploads" && target.segments.length > 1) {
    throw new MantaError("MethodNotAllowed", `${c.req.method} ${target.path}: objects under /${target.login}/uploads are written only by the multipart upload API`);
  }
  await next();
});

/**
 * The routes, given how the caller is identified: by signature for the public front
 * door, or already known (a task acting as its job's owner, workers/task-storage.ts).
 * Whoever the caller is, `authorize` asks the same access rule.
 */
export function storageRoutes(identify: MiddlewareHandler<AppEnv>): Hono<AppEnv> {
  const storage = new Hono<AppEnv>();
  storage.options("*", resolveTarget, preflightCors);
  storage.use("*", identify, resolveTarget, authorize);
  storage.on(["GET", "HEAD"], "*", getEntry);
  storage.put("*", refuseUploadsWrites, put);
  storage.delete("*", refuseUploadsWrites, deleteEntry);
  storage.all("*", (c) => {
    throw new MantaError("MethodNotAllowed", `${c.req.method} is not allowed on ${c.get("target").path}`);
  });
  return storage;
}

export const storage = storageRoutes(authenticate);
