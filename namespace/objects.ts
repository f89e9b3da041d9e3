/**
 * Naming objects — the storage invariant every writer keeps (PUT, snaplink,
 * multipart commit, task outputs, job archives): the blob is written first,
 * then the parent DirectoryDO swaps the name to it in one step; a failed swap
 * deletes the new blob, a successful one releases the blob the name pointed at
 * before — after the swap, never earlier, and not at all when the name already
 * pointed at the same blob (a repeated commit).
 */
import type { Conditions } from "../core/conditional.ts";
import { EMPTY_MD5, type BlobRef, type ObjectEntry } from "../core/entry.ts";
import type { Result } from "../core/errors.ts";
import { basename, dirname } from "../core/paths.ts";
import { blobRefs, blobStore, directory } from "./stubs.ts";

/** Something that outlives the request (a Worker's `ctx.waitUntil`); without one the caller awaits. */
export type Defer = (work: Promise<unknown>) => void;

/** Drop one name's reference to `blob`: the copies go when the last reference does. */
export function releaseBlob(env: Env, blob: BlobRef | null, defer?: Defer): Promise<void> {
  if (!blob) return Promise.resolve();
  const work = blobRefs(env, blob.id).release(blob).then(() => undefined);
  if (defer) {
    defer(work);
    return Promise.resolve();
  }
  return work;
}

/** Swap the name `dir/entry.name` to `entry` under `cond`, releasing what it replaced. */
export async function commitEntry(env: Env, dir: string, entry: ObjectEntry, cond: Conditions, defer?: Defer): Promise<Result<{ old: BlobRef | null }>> {
  const committed = await directory(env, dir).putObject(entry, cond);
  if (committed.ok && committed.old && committed.old.id !== entry.blob?.id) await releaseBlob(env, committed.old, defer);
  return committed;
}

export interface WriteOptions {
  contentType: string;
  headers?: Record<string, string>;
  maxBytes?: number;
}

// Objects the system writes (task outputs, stderr, archives) keep Manta's default durability.
const SYSTEM_COPIES = 2;

/** Stream a body into a new blob, then point `path` at it. */
export async function writeObject(env: Env, path: string, body: ReadableStream<Uint8Array> | Uint8Array | string, opts: WriteOptions): Promise<{ ok: true; size: number } | { ok: false; message: string }> {
  const stream =
    body instanceof ReadableStream
      ? body
      : new Blob([typeof body === "string" ? new TextEncoder().encode(body) : body]).stream();
  const written = await blobStore(env).put(stream, { length: null, copies: SYSTEM_COPIES, maxBytes: opts.maxBytes ?? 5 * 1024 ** 3 });
  return commitBlob(env, path, written.blob, written.md5, opts);
}

/** Point `path` at an already-written blob (deleting the blob if the swap fails). */
export async function commitBlob(env: Env, path: string, written: BlobRef, md5: string, opts: WriteOptions): Promise<{ ok: true; size: number } | { ok: false; message: string }> {
  const store = blobStore(env);
  const blob = written.size > 0 ? written : null;
  if (!blob) await store.delete(written);
  const entry: ObjectEntry = {
    type: "object",
    name: basename(path),
    etag: blob?.id ?? crypto.randomUUID(),
    size: written.size,
    contentType: opts.contentType,
    contentMD5: blob ? md5 : EMPTY_MD5,
    mtime: Date.now(),
    durability: blob ? blob.shards.length : 0,
    blob,
    headers: opts.headers ?? {},
  };
  const committed = await commitEntry(env, dirname(path), entry, {});
  if (!committed.ok) {
    if (blob) await store.delete(blob);
    return { ok: false, message: `${path}: ${committed.message}` };
  }
  return { ok: true, size: written.size };
}
