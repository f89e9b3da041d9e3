/** PutMetadata (`mchattr`, `?metadata=true`): replace an entry's user headers; size-defining headers are refused. */
import type { Context } from "hono";
import { MantaError, raise } from "../../core/errors.ts";
import { mediaType } from "../../core/mime.ts";
import type { AppEnv } from "../env.ts";
import { lastModified, userHeaders } from "../http.ts";
import { directory, locate, notFound } from "../../namespace/index.ts";
import { assertNotRoot } from "./locate.ts";

const FORBIDDEN = ["content-md5", "durability-level", "x-durability-level"];

export async function putMetadata(c: Context<AppEnv>): Promise<Response> {
  const target = c.get("target");
  assertNotRoot(target, "PUT");
  for (const h of FORBIDDEN) {
    if (c.req.header(h) !== undefined) throw new MantaError("InvalidUpdate", `overwrite of "${h}" forbidden`);
  }
  // muskie refused any content-length; node-manta sends an empty chunked body, others may send 0.
  // The edge's preflight carries no body, so the declared length comes aside: refusing it here is
  // what spares a client that declared a body (and waits for 100 Continue to send it) a hang.
  const len = c.req.header(c.get("preflight") ? "x-mobula-content-length" : "content-length");
  if (len !== undefined && len !== "0") throw new MantaError("InvalidUpdate", `overwrite of "content-length" forbidden`);
  const where = await locate(c.env, target);
  if (!where.entry) throw notFound(target.path);
  if (c.get("preflight")) return c.body(null, 204, { "x-mobula-preflight": "continue" });
  const updated = await directory(c.env, where.parentPath).putMetadata(
    where.name,
    userHeaders(c.req.raw.headers, where.entry.type),
    where.entry.type === "object" && c.req.header("content-type") ? mediaType(c.req.header("content-type")!) : null,
  );
  if (!updated.ok) raise(updated);
  const e = updated.entry;
  return c.body(null, 204, { ...(e.type === "object" ? { etag: e.etag } : {}), "last-modified": lastModified(e.mtime) });
}
