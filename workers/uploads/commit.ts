/**
 * CommitUpload — the parts become one object without copying a byte.
 *
 *   1. UploadDO enters finalizing(commit) (a repeat with the same parts is idempotent)
 *   2. every listed part exists with the given etag; all but the last ≥ 5 MiB
 *   3. size and MD5 match what the upload was created with (MD5 is computed by
 *      streaming the parts once: node-manta verifies content-md5 on every GET)
 *   4. the target name is swapped to a composite blob whose parts are the part blobs
 *   5. the part names are dropped without releasing their blobs (the object now
 *      holds those references), and the upload is done(committed)
 * A failed check returns the upload to "created" so the client can retry.
 */
import type { Context } from "hono";
import { EMPTY_MD5, type BlobRef, type ObjectEntry } from "../../core/entry.ts";
import { MantaError, raise, unwrap } from "../../core/errors.ts";
import { basename, dirname, parseRequestPath } from "../../core/paths.ts";
import { base64Encode } from "../../core/ssh-key.ts";
import { CommitUploadSchema, type UploadRecord } from "../../core/wire/mpu.ts";
import type { AppEnv } from "../env.ts";
import { lastModified, md5Base64 } from "../http.ts";
import { blobStore, commitEntry, directory, missingParent, upload } from "../../namespace/index.ts";
import { deferTo, releaseLater } from "../storage/release.ts";
import { loadUpload, readJson } from "./common.ts";
import { DEFAULT_CONTENT_TYPE, mediaType } from "../../core/mime.ts";

const MIN_PART = 5 * 1024 * 1024;
// Of the create-time headers, these are stored with the object (the rest describe the upload).
const STORED = /^(m-.*|access-control-.*|cache-control|content-disposition|surrogate-key)$/;

function invalid(message: string): MantaError {
  return new MantaError("MultipartUploadInvalidArgument", message);
}

async function gatherParts(env: Env, u: UploadRecord, etags: string[]): Promise<ObjectEntry[]> {
  const parts: ObjectEntry[] = [];
  for (const [i, etag] of etags.entries()) {
    const { entry } = await directory(env, u.partsDirectory).inspect(String(i));
    if (!entry || entry.type !== "object") throw invalid(`[part ${i}] part does not exist`);
    if (entry.etag !== etag) throw invalid(`[part ${i}] invalid etag`);
    if (i < etags.length - 1 && entry.size < MIN_PART) throw invalid(`[part ${i}] part is too small`);
    parts.push(entry);
  }
  return parts;
}

async function md5Of(env: Env, blobs: BlobRef[]): Promise<string> {
  if (blobs.length === 0) return EMPTY_MD5;
  const digest = new crypto.DigestStream("MD5");
  const store = blobStore(env);
  for (const b of blobs) await (await store.get(b)).pipeTo(digest, { preventClose: true });
  const w = digest.getWriter();
  await w.close();
  return base64Encode(new Uint8Array(await digest.digest));
}

export async function commitUpload(c: Context<AppEnv>, id: string): Promise<Response> {
  const login = c.get("target").login;
  await loadUpload(c.env, login, id);
  const { parts: etags } = await readJson(c.req.raw, CommitUploadSchema);
  const begun = unwrap(await upload(c.env, id).begin("commit", etags));
  const u = begun.upload;
  if (begun.already) return done(u, c);
  try {
    const parts = await gatherParts(c.env, u, etags);
    const blobs = parts.flatMap((p) => (p.blob ? [p.blob] : []));
    const size = parts.reduce((n, p) => n + p.size, 0);
    const wantLength = u.headers["content-length"];
    if (wantLength !== undefined && Number(wantLength) !== size) throw invalid(`content-length ${wantLength} does not match the ${size} bytes uploaded`);
    const md5 = await md5Of(c.env, blobs);
    const wantMd5 = u.headers["content-md5"];
    if (wantMd5 !== undefined && wantMd5 !== md5) throw invalid(`content-md5 ${wantMd5} does not match ${md5}`);
    const target = parseRequestPath(u.targetObject.split("/").map(encodeURIComponent).join("/"));
    const parentPath = dirname(target.path);
    const userHeaders = Object.fromEntries(Object.entries(u.headers).filter(([k]) => STORED.test(k)));
    const entry: ObjectEntry = {
      type: "object",
      name: basename(target.path),
      etag: id,
      size,
      contentType: mediaType(u.headers["content-type"] ?? DEFAULT_CONTENT_TYPE),
      contentMD5: md5,
      mtime: Date.now(),
      durability: blobs.length ? u.numCopies : 0,
      blob: blobs.length ? { id, shards: [], size, parts: blobs } : null,
      headers: userHeaders,
    };
    const committed = await commitEntry(c.env, parentPath, entry, {}, deferTo(c.executionCtx));
    if (!committed.ok) {
      if (committed.code === "DirectoryDoesNotExist") throw await missingParent(c.env, parentPath);
      raise(committed);
    }
    // A repeated commit (a retry, or two at once) swaps the name to the same composite: commitEntry releases nothing then.
    for (let i = 0; i < etags.length; i++) await directory(c.env, u.partsDirectory).remove(String(i), {}, "object");
    const summary = await md5Base64(new TextEncoder().encode(etags.join("")));
    return done(await upload(c.env, id).finish("committed", summary), c, entry);
  } catch (err) {
    await upload(c.env, id).reopen();
    throw err;
  }
}

function done(u: UploadRecord, c: Context<AppEnv>, entry?: ObjectEntry): Response {
  const headers: Record<string, string> = { location: u.targetObject };
  if (entry) {
    headers["computed-md5"] = entry.contentMD5;
    headers.etag = entry.etag;
    headers["last-modified"] = lastModified(entry.mtime);
  }
  return c.body(null, 201, headers);
}

/** AbortUpload: drop the parts (and their blobs); idempotent; refused once committed. */
export async function abortUpload(c: Context<AppEnv>, id: string): Promise<Response> {
  const login = c.get("target").login;
  await loadUpload(c.env, login, id);
  const begun = unwrap(await upload(c.env, id).begin("abort", null));
  if (!begun.already) {
    const parts = directory(c.env, begun.upload.partsDirectory);
    for (;;) {
      const page = await parts.list({ limit: 1000, sortBy: "name", reverse: false });
      if (page.entries.length === 0) break;
      for (const e of page.entries) {
        const removed = await parts.remove(e.name, {}, null);
        if (removed.ok && removed.entry.type === "object") releaseLater(c.env, c.executionCtx, removed.entry.blob);
      }
    }
    await upload(c.env, id).finish("aborted");
  }
  return c.body(null, 204);
}
