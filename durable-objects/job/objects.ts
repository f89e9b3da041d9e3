/**
 * Writing objects from inside the jobs engine (task outputs, stderr, archive
 * files), with the storage layer's own invariant: the blob is written first,
 * then DirectoryDO swaps the name to it in one step; a failed swap deletes the
 * new blob, a successful one releases the blob the name pointed at before.
 */
import { EMPTY_MD5, type BlobRef, type Entry, type ObjectEntry } from "../../core/entry.ts";
import { basename, dirname } from "../../core/paths.ts";
import { R2BlobStore } from "../../storage/r2-blob-store.ts";
import type { BlobRefsDO } from "../blob-refs.ts";
import type { DirectoryDO } from "../directory.ts";

const OUTPUT_COPIES = 2;

export function directoryStub(env: Env, path: string): DurableObjectStub<DirectoryDO> {
  return env.DIRECTORY.getByName(path) as DurableObjectStub<DirectoryDO>;
}

function refsStub(env: Env, blobId: string): DurableObjectStub<BlobRefsDO> {
  return env.BLOB_REFS.getByName(`refs-${blobId.slice(0, 1)}`) as DurableObjectStub<BlobRefsDO>;
}

/** `/login/top` directories are live without being created. */
function implicit(dir: string): boolean {
  return dir.split("/").length === 3;
}

export async function lookup(env: Env, path: string): Promise<Entry | null> {
  const parent = dirname(path);
  if (parent.split("/").length < 3) return null;
  const { entry } = await directoryStub(env, parent).inspect(basename(path), implicit(parent));
  return entry;
}

/** mkdir that is idempotent and activates only a directory it created. */
export async function makeDirectory(env: Env, path: string): Promise<{ ok: boolean; message?: string }> {
  const parent = dirname(path);
  const made = await directoryStub(env, parent).putDirectory({ type: "directory", name: basename(path), mtime: Date.now(), headers: {} }, implicit(parent));
  if (!made.ok) return { ok: false, message: `${path}: ${made.message}` };
  if (made.created) await directoryStub(env, path).activate();
  return { ok: true };
}

export interface WriteOptions {
  contentType: string;
  headers?: Record<string, string>;
  maxBytes?: number;
}

/** Stream a body into a new blob, then point `path` at it. */
export async function writeObject(env: Env, path: string, body: ReadableStream<Uint8Array> | Uint8Array | string, opts: WriteOptions): Promise<{ ok: true; size: number } | { ok: false; message: string }> {
  const store = new R2BlobStore(env);
  const stream =
    body instanceof ReadableStream
      ? body
      : new Blob([typeof body === "string" ? new TextEncoder().encode(body) : body]).stream();
  const written = await store.put(stream, { length: null, copies: OUTPUT_COPIES, maxBytes: opts.maxBytes ?? 5 * 1024 ** 3 });
  return commitBlob(env, path, written.blob, written.md5, opts);
}

/** Swap `path` to an already-written blob (deleting the blob if the swap fails). */
export async function commitBlob(env: Env, path: string, written: BlobRef, md5: string, opts: WriteOptions): Promise<{ ok: true; size: number } | { ok: false; message: string }> {
  const store = new R2BlobStore(env);
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
  const parent = dirname(path);
  const committed = await directoryStub(env, parent).putObject(entry, {}, implicit(parent));
  if (!committed.ok) {
    if (blob) await store.delete(blob);
    return { ok: false, message: `${path}: ${committed.message}` };
  }
  if (committed.old) await refsStub(env, committed.old.id).release(committed.old);
  return { ok: true, size: written.size };
}
