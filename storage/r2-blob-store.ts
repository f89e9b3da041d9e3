/**
 * BlobStore over R2 shards.
 *
 * Invariant: a blob id is written once and never modified; each copy lives on a
 * distinct shard under blobKey(id). A put either leaves every copy complete or
 * removes what it wrote — names are only swapped to a blob after put resolves.
 *
 * Steps of put:
 *   1. count bytes and MD5 them as they stream (storage/md5.ts);
 *   2. known length ≤ SINGLE_PUT_MAX: tee into one FixedLengthStream per copy
 *      (R2 needs a known length) and put all copies concurrently;
 *   3. unknown length (chunked) or huge: cut the stream into equal PART_SIZE
 *      parts in memory (R2 multipart needs equal parts) and upload each part to
 *      every copy; a body shorter than one part becomes a plain put;
 *   4. on any failure, delete whatever copies were written and rethrow.
 */
import type { BlobRef } from "../core/entry.ts";
import { MantaError } from "../core/errors.ts";
import { BLOB_PART_BYTES } from "../core/storage-limits.ts";
import type { BlobStore, PutBlobResult, ReadRange } from "../core/ports.ts";
import { base64Encode } from "../core/ssh-key.ts";
import { measure } from "./md5.ts";
import { blobKey, pickShards, shardBucket, type ShardEnv } from "./shards.ts";

const PART_SIZE = BLOB_PART_BYTES;
const SINGLE_PUT_MAX = 4 * 1024 * 1024 * 1024;

type Stream = ReadableStream<Uint8Array>;

function teeN(stream: Stream, n: number): Stream[] {
  if (n <= 1) return [stream];
  const [a, b] = stream.tee();
  return [a, ...teeN(b, n - 1)];
}

/** Map a failed body read onto the taxonomy: the client's fault unless we already know better. */
function uploadError(err: unknown): MantaError {
  if (err instanceof MantaError) return err;
  return new MantaError("UploadAbandoned", "the request body ended before it was complete");
}

export class R2BlobStore implements BlobStore<Stream> {
  constructor(private readonly env: ShardEnv) {}

  async put(body: Stream, opts: { length: number | null; copies: number; maxBytes: number }): Promise<PutBlobResult> {
    const id = crypto.randomUUID();
    const shards = pickShards(this.env, opts.copies);
    try {
      if (opts.length !== null && opts.length <= SINGLE_PUT_MAX) {
        // R2 computes the MD5 of a single-part put itself; no need to hash in JS.
        const md5 = await this.putFixed(id, shards, body, opts.length);
        return { blob: { id, shards, size: opts.length }, md5 };
      }
      const measured = measure(body, opts.maxBytes);
      try {
        await this.putChunked(id, shards, measured.stream);
      } catch (err) {
        const cause = await measured.result.then(() => null, (e: unknown) => e);
        throw cause ?? err;
      }
      const { bytes, md5 } = await measured.result;
      return { blob: { id, shards, size: bytes }, md5 };
    } catch (err) {
      await this.delete({ id, shards, size: 0 }).catch(() => {});
      throw uploadError(err);
    }
  }

  /** Every copy through its own FixedLengthStream; a body shorter or longer than `length` fails them all. */
  private async putFixed(id: string, shards: number[], stream: Stream, length: number): Promise<string> {
    const branches = teeN(stream, shards.length);
    const puts = await Promise.all(
      branches.map(async (branch, i) => {
        const fixed = new FixedLengthStream(length);
        const pumping = branch.pipeTo(fixed.writable);
        const [, put] = await Promise.all([pumping, shardBucket(this.env, shards[i]!).put(blobKey(id), fixed.readable)]);
        if (!put) throw new Error("R2 put returned null");
        return put;
      }),
    );
    const md5 = puts[0]!.checksums.md5;
    if (!md5) throw new Error("R2 returned no MD5 for a single-part put");
    return base64Encode(new Uint8Array(md5));
  }

  private async putChunked(id: string, shards: number[], stream: Stream): Promise<void> {
    const key = blobKey(id);
    const buckets = shards.map((s) => shardBucket(this.env, s));
    const reader = stream.getReader();
    let buffer = new Uint8Array(PART_SIZE);
    let filled = 0;
    const state: { uploads: R2MultipartUpload[] | null } = { uploads: null };
    const parts: R2UploadedPart[][] = buckets.map(() => []);
    let partNumber = 1;

    const flushPart = async (bytes: Uint8Array) => {
      state.uploads ??= await Promise.all(buckets.map((b) => b.createMultipartUpload(key)));
      const n = partNumber++;
      const done = await Promise.all(state.uploads.map((u) => u.uploadPart(n, bytes)));
      done.forEach((p, i) => parts[i]!.push(p));
    };

    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        let chunk = value;
        while (chunk.byteLength > 0) {
          const take = Math.min(chunk.byteLength, PART_SIZE - filled);
          buffer.set(chunk.subarray(0, take), filled);
          filled += take;
          chunk = chunk.subarray(take);
          if (filled === PART_SIZE) {
            await flushPart(buffer);
            buffer = new Uint8Array(PART_SIZE);
            filled = 0;
          }
        }
      }
      if (!state.uploads) {
        const bytes = buffer.subarray(0, filled);
        await Promise.all(buckets.map((b) => b.put(key, bytes)));
        return;
      }
      if (filled > 0) await flushPart(buffer.subarray(0, filled));
      await Promise.all(state.uploads.map((u, i) => u.complete(parts[i]!)));
    } catch (err) {
      if (state.uploads) await Promise.all(state.uploads.map((u) => u.abort().catch(() => {})));
      throw err;
    }
  }

  async get(blob: BlobRef, range?: ReadRange): Promise<Stream> {
    const want = range ?? { offset: 0, length: blob.size };
    if (!blob.parts) return this.getOne(blob, want);
    // A committed multipart upload: stream the parts that overlap the range, in order.
    const pieces: Array<{ part: BlobRef; range: ReadRange }> = [];
    let base = 0;
    for (const part of blob.parts) {
      const start = Math.max(want.offset, base);
      const end = Math.min(want.offset + want.length, base + part.size);
      if (start < end) pieces.push({ part, range: { offset: start - base, length: end - start } });
      base += part.size;
    }
    const fixed = new FixedLengthStream(want.length);
    (async () => {
      for (const p of pieces) {
        const s = await this.getOne(p.part, p.range);
        await s.pipeTo(fixed.writable, { preventClose: true });
      }
      await fixed.writable.close();
    })().catch((err: unknown) => fixed.writable.abort(err).catch(() => {}));
    return fixed.readable;
  }

  /** One blob, trying each copy in turn (starting at a random one). */
  private async getOne(blob: BlobRef, range: ReadRange): Promise<Stream> {
    const n = blob.shards.length;
    const start = Math.floor(Math.random() * n);
    for (let i = 0; i < n; i++) {
      const shard = blob.shards[(start + i) % n]!;
      const whole = range.offset === 0 && range.length === blob.size;
      const obj = await shardBucket(this.env, shard).get(blobKey(blob.id), whole ? {} : { range: { offset: range.offset, length: range.length } });
      if (obj && "body" in obj) return obj.body;
    }
    throw new MantaError("InternalError", `no copy of blob ${blob.id} is readable`);
  }

  async delete(blob: BlobRef): Promise<void> {
    const all = blob.parts ? [...blob.parts] : [blob];
    await Promise.all(all.map((b) => Promise.all(b.shards.map((s) => shardBucket(this.env, s).delete(blobKey(b.id))))));
  }
}
