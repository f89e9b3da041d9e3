/** The storage port: immutable blobs by id, N copies on N shards. Adapters live in storage/. */
import type { BlobRef } from "./entry.ts";

export interface PutBlobResult {
  blob: BlobRef;
  md5: string; // base64 MD5 of the bytes written
}

export interface ReadRange {
  offset: number;
  length: number;
}

// Streams are typed loosely here: core/ carries no runtime stream types.
export interface BlobStore<S = unknown> {
  /** Write a new blob from a stream; `length` known (fixed) or not (chunked). */
  put(body: S, opts: { length: number | null; copies: number; maxBytes: number }): Promise<PutBlobResult>;
  /** Stream a blob (or a range of it), falling back to another copy if one is missing. */
  get(blob: BlobRef, range?: ReadRange): Promise<S>;
  /** Remove every copy. Only called once no name references the blob. */
  delete(blob: BlobRef): Promise<void>;
}
