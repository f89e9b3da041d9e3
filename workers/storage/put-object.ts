/**
 * PutObject — write the blob first, swap the name second.
 *
 *   0. (authenticate, resolveTarget, authorize ran before)
 *   1. ensureNotRoot      roots take no objects
 *   2. parseArguments     durability, lengths, content-md5, user headers
 *   3. (preflight only)   parent live, target not a directory, conditions —
 *                         the local edge's preflight stops here with 204
 *                         "continue", so the client hears the final error
 *                         instead of `100 Continue`
 *   4. writeBlob          stream the body into a new immutable blob (N copies)
 *   5. verifyMD5          a content-md5 mismatch deletes the new blob
 *   6. commitName         DirectoryDO swaps the name atomically, re-checking
 *                         conditions; on failure the new blob is deleted
 *   7. releaseOld         the previous blob loses one reference (reclaimed at 0)
 *
 * Readers never see a half-written object: until step 6 the name still points
 * at the previous blob, and a failed upload leaves nothing behind.
 */
import type { Context } from "hono";
import { assertWritable } from "../../core/conditional.ts";
import { EMPTY_MD5, type ObjectEntry } from "../../core/entry.ts";
import { MantaError, raise } from "../../core/errors.ts";
import { DEFAULT_CONTENT_TYPE, mediaType } from "../../core/mime.ts";
import type { AppEnv } from "../env.ts";
import { conditionsOf, durabilityOf, lastModified, userHeaders } from "../http.ts";
import { blobStore, commitEntry, locate, missingParent, placeOf } from "../../namespace/index.ts";
import { assertNotRoot } from "./locate.ts";
import { deferTo } from "./release.ts";
import { MAX_PUT_BYTES } from "../../core/storage-limits.ts";

const DEFAULT_MAX_STREAMING = 5 * 1024 * 1024 * 1024;

interface PutArgs {
  copies: number;
  length: number | null;
  maxBytes: number;
  md5: string | null;
  contentType: string;
  headers: Record<string, string>;
}

function parseLength(raw: string | null | undefined): number | null {
  if (raw === null || raw === undefined) return null;
  if (!/^\d+$/.test(raw.trim())) throw new MantaError("ContentLengthRequired", "content-length must be a non-negative integer");
  return Number(raw);
}

function notEnoughSpace(bytes: number): MantaError {
  return new MantaError(
    "NotEnoughSpace",
    `not enough free space for ${Math.ceil(bytes / 1024 ** 2)} MB: one PUT stores at most ${MAX_PUT_BYTES} bytes, use a multipart upload`,
  );
}

export function parseArguments(h: Headers, preflight: boolean): PutArgs {
  const length = parseLength(preflight ? h.get("x-mobula-content-length") : h.get("content-length"));
  let maxBytes = DEFAULT_MAX_STREAMING;
  const maxRaw = h.get("max-content-length");
  if (maxRaw !== null) {
    if (!/^\d+$/.test(maxRaw.trim())) throw new MantaError("InvalidMaxContentLength", "max-content-length must be a non-negative integer");
    maxBytes = Number(maxRaw);
  }
  if (length !== null) {
    if (length > maxBytes && maxRaw !== null) throw new MantaError("MaxContentLengthExceeded", `content-length exceeds max-content-length ${maxBytes}`);
    maxBytes = length;
  }
  if (maxBytes > MAX_PUT_BYTES) throw notEnoughSpace(maxBytes);
  const md5 = h.get("content-md5");
  if (md5 !== null && !/^[A-Za-z0-9+/]{22}==$/.test(md5.trim())) {
    throw new MantaError("BadRequest", "content-md5 must be a base64 MD5 digest");
  }
  return {
    copies: durabilityOf(h),
    length,
    maxBytes,
    md5: md5 === null ? null : md5.trim(),
    contentType: mediaType(h.get("content-type") || DEFAULT_CONTENT_TYPE),
    headers: userHeaders(h),
  };
}

/** `copies` overrides durability-level (multipart parts inherit their upload's). */
export async function putObject(c: Context<AppEnv>, copies?: number): Promise<Response> {
  const target = c.get("target");
  assertNotRoot(target, "PUT");
  const args = parseArguments(c.req.raw.headers, c.get("preflight"));
  if (copies !== undefined) args.copies = copies;
  if (target.segments[0] === "public" && !args.headers["access-control-allow-origin"]) {
    args.headers["access-control-allow-origin"] = "*";
  }
  const cond = conditionsOf(c.req.raw.headers);
  const where = placeOf(target);
  if (c.get("preflight")) {
    // Only the edge's preflight checks ahead: a real PUT is checked atomically when its name is swapped.
    const found = await locate(c.env, target);
    if (!found.live) throw await missingParent(c.env, where.parentPath);
    if (found.entry?.type === "directory") {
      throw new MantaError("OperationNotAllowedOnDirectory", `${target.path} is a directory: PUT is not allowed`);
    }
    assertWritable(cond, found.entry?.type === "object" ? { etag: found.entry.etag, mtime: found.entry.mtime } : null);
    return c.body(null, 204, { "x-mobula-preflight": "continue" });
  }

  const body = c.req.raw.body;
  const store = blobStore(c.env);
  let blob = null;
  let md5 = EMPTY_MD5;
  let size = 0;
  if (body && args.length !== 0) {
    const written = await store.put(body, { length: args.length, copies: args.copies, maxBytes: args.maxBytes });
    blob = written.blob.size > 0 ? written.blob : null;
    if (!blob) await store.delete(written.blob);
    md5 = written.md5;
    size = written.blob.size;
  }
  if (args.md5 !== null && args.md5 !== md5) {
    if (blob) c.executionCtx.waitUntil(store.delete(blob));
    throw new MantaError("ContentMD5Mismatch", `Content-MD5 expected ${args.md5}, but was ${md5}`);
  }
  const entry: ObjectEntry = {
    type: "object",
    name: where.name,
    etag: blob?.id ?? crypto.randomUUID(),
    size,
    contentType: args.contentType,
    contentMD5: md5,
    mtime: Date.now(),
    durability: blob ? blob.shards.length : 0,
    blob,
    headers: args.headers,
  };
  const committed = await commitEntry(c.env, where.parentPath, entry, cond, deferTo(c.executionCtx));
  if (!committed.ok) {
    if (blob) c.executionCtx.waitUntil(store.delete(blob));
    if (committed.code === "DirectoryDoesNotExist") throw await missingParent(c.env, where.parentPath);
    raise(committed);
  }
  const headers: Record<string, string> = {
    etag: entry.etag,
    "last-modified": lastModified(entry.mtime),
    "computed-md5": md5,
  };
  const origin = c.req.header("origin");
  if (origin) headers["access-control-allow-origin"] = origin;
  return c.body(null, 204, headers);
}
