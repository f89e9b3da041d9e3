/**
 * PutDirectory: mkdir. An existing directory is a no-op; an existing object is replaced by the
 * directory, as in Manta (muskie's mkdir wrote the directory's record over whatever the name held).
 *
 *   1. ensureParent     the parent is live
 *   2. replaceObject    an object under the name is removed — only while it is still that object
 *                       (If-Match on its etag) — and its blob released after the name is gone
 *   3. mkdir            the parent records the directory; a new one goes live
 *
 * Steps 2 and 3 are two DirectoryDO calls, not one swap: between them the name is briefly
 * absent, never half-written. A PUT that lands in that gap keeps the name, and the mkdir answers
 * ConcurrentRequest, which node-manta's mkdirp retries.
 */
import type { Context } from "hono";
import type { ObjectEntry } from "../../core/entry.ts";
import { MantaError, raise } from "../../core/errors.ts";
import { isAccountRoot, isTopDirectory } from "../../core/paths.ts";
import type { AppEnv } from "../env.ts";
import { userHeaders } from "../http.ts";
import { directory, locate, missingParent, mkdir } from "../../namespace/index.ts";
import { releaseLater } from "./release.ts";

function changedMeanwhile(path: string): MantaError {
  return new MantaError("ConcurrentRequest", `${path} was written while the directory was being made`);
}

async function replaceObject(c: Context<AppEnv>, parentPath: string, object: ObjectEntry): Promise<void> {
  const removed = await directory(c.env, parentPath).remove(object.name, { ifMatch: object.etag }, "object");
  if (!removed.ok) {
    if (removed.code === "ResourceNotFound") return; // already gone: nothing to replace
    if (removed.code === "PreconditionFailed" || removed.code === "ConcurrentRequest") throw changedMeanwhile(c.get("target").path);
    raise(removed);
  }
  if (removed.entry.type === "object") releaseLater(c.env, c.executionCtx, removed.entry.blob);
}

export async function putDirectory(c: Context<AppEnv>): Promise<Response> {
  const target = c.get("target");
  if (isAccountRoot(target)) throw new MantaError("OperationNotAllowedOnRootDirectory", `PUT is not allowed on ${target.path}`);
  if (isTopDirectory(target)) return c.body(null, 204);
  const where = await locate(c.env, target);
  if (!where.live) throw await missingParent(c.env, where.parentPath);
  if (c.get("preflight")) return c.body(null, 204, { "x-mobula-preflight": "continue" });
  const headers = userHeaders(c.req.raw.headers, "directory");
  if (where.entry?.type === "object") await replaceObject(c, where.parentPath, where.entry);
  const made = await mkdir(c.env, target.path, headers);
  if (!made.ok) {
    if (made.code === "DirectoryDoesNotExist") throw await missingParent(c.env, where.parentPath);
    if (made.code === "InvalidUpdate") throw changedMeanwhile(target.path);
    raise(made);
  }
  const origin = c.req.header("origin");
  return c.body(null, 204, origin ? { "access-control-allow-origin": origin } : {});
}
