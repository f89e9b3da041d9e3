/**
 * PutSnapLink (`mln`): a second name for the same immutable blob. The blob is
 * retained before the new name exists, and released again if the name cannot
 * be written, so it is never reclaimed while a name points at it.
 */
import type { Context } from "hono";
import { MantaError, raise } from "../../core/errors.ts";
import { parseRequestPath } from "../../core/paths.ts";
import type { AppEnv } from "../env.ts";
import { canRead } from "../../core/access.ts";
import { blobRefs, commitEntry, locate, missingParent } from "../../namespace/index.ts";
import { assertNotRoot } from "./locate.ts";
import { deferTo, releaseLater } from "./release.ts";
import { conditionsOf, lastModified } from "../http.ts";

export async function putSnapLink(c: Context<AppEnv>): Promise<Response> {
  const target = c.get("target");
  assertNotRoot(target, "PUT");
  const location = c.req.header("location");
  if (!location) throw new MantaError("LocationRequired", "Location header is required for a link");
  let source;
  try {
    source = parseRequestPath(location.split("?")[0]!);
  } catch {
    throw new MantaError("InvalidLink", `${location} is not a valid link source`);
  }
  const caller = c.get("caller").login;
  if (!canRead(caller, source.path)) {
    throw new MantaError("AuthorizationFailed", `${caller} is not allowed to access ${source.path}`);
  }
  const src = await locate(c.env, source);
  if (!src.entry) throw new MantaError("SourceObjectNotFound", `${source.path} was not found`);
  if (src.entry.type !== "object") throw new MantaError("LinkNotObject", `${source.path} is not an object`);
  const where = await locate(c.env, target);
  if (!where.live) throw await missingParent(c.env, where.parentPath);
  if (where.entry?.type === "directory") {
    throw new MantaError("OperationNotAllowedOnDirectory", `${target.path} is a directory: PUT is not allowed`);
  }
  if (c.get("preflight")) return c.body(null, 204, { "x-mobula-preflight": "continue" });
  const blob = src.entry.blob;
  if (blob) {
    const kept = await blobRefs(c.env, blob.id).retain(blob.id);
    if (!kept.ok) throw new MantaError("SourceObjectNotFound", `${source.path} was not found`);
  }
  const entry = { ...src.entry, name: where.name };
  const committed = await commitEntry(c.env, where.parentPath, entry, conditionsOf(c.req.raw.headers), deferTo(c.executionCtx));
  if (!committed.ok) {
    releaseLater(c.env, c.executionCtx, blob);
    raise(committed);
  }
  return c.body(null, 204, { etag: src.entry.etag, "last-modified": lastModified(src.entry.mtime) });
}
