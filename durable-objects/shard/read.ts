/**
 * Reading blobs from a ShardDO: from its own bucket whenever it holds the copy,
 * from another shard only when it does not (a lost copy, a part of a multipart
 * object placed elsewhere, a reducer's inputs). Bytes are counted as they are
 * actually read, local and remote apart, for the job's statistics.
 */
import type { BlobRef } from "../../core/entry.ts";
import { blobKey, shardBucket } from "../../storage/shards.ts";

const COALESCE = 256 * 1024;

interface Piece {
  part: BlobRef;
  offset: number;
  length: number;
}

function pieces(blob: BlobRef, offset: number, length: number): Piece[] {
  if (!blob.parts) return [{ part: blob, offset, length }];
  const out: Piece[] = [];
  let base = 0;
  for (const part of blob.parts) {
    const start = Math.max(offset, base);
    const end = Math.min(offset + length, base + part.size);
    if (start < end) out.push({ part, offset: start - base, length: end - start });
    base += part.size;
  }
  return out;
}

export class BlobReader {
  bytesLocal = 0;
  bytesRemote = 0;

  constructor(
    private readonly env: Env,
    private readonly local: number,
  ) {}

  /** Local copy first, then the others; null when no copy is readable. */
  private async open(p: Piece): Promise<{ body: ReadableStream<Uint8Array>; local: boolean } | null> {
    const order = [...p.part.shards].sort((a, b) => (a === this.local ? -1 : b === this.local ? 1 : 0));
    for (const s of order) {
      const obj = await shardBucket(this.env, s).get(blobKey(p.part.id), { range: { offset: p.offset, length: p.length } });
      if (obj && "body" in obj) return { body: obj.body, local: s === this.local };
    }
    return null;
  }

  /**
   * Counts bytes, and gathers local R2's small chunks (4 KiB) into COALESCE-sized ones
   * (a reducer's stdin, written through a JS stream).
   */
  private counter(local: boolean): TransformStream<Uint8Array, Uint8Array> {
    let parts: Uint8Array[] = [];
    let size = 0;
    const flush = (ctrl: TransformStreamDefaultController<Uint8Array>) => {
      if (size === 0) return;
      const out = new Uint8Array(size);
      let off = 0;
      for (const p of parts) {
        out.set(p, off);
        off += p.byteLength;
      }
      ctrl.enqueue(out);
      parts = [];
      size = 0;
    };
    return new TransformStream({
      transform: (chunk, ctrl) => {
        if (local) this.bytesLocal += chunk.byteLength;
        else this.bytesRemote += chunk.byteLength;
        parts.push(chunk);
        size += chunk.byteLength;
        if (size >= COALESCE) flush(ctrl);
      },
      flush,
    });
  }

  /** Stream the whole blob (or `null` → empty) into `out` without closing it. */
  async pipeInto(blob: BlobRef | null, out: WritableStream<Uint8Array>): Promise<boolean> {
    if (!blob || blob.size === 0) return true;
    for (const p of pieces(blob, 0, blob.size)) {
      const opened = await this.open(p);
      if (!opened) return false;
      await opened.body.pipeThrough(this.counter(opened.local)).pipeTo(out, { preventClose: true });
    }
    return true;
  }

  /**
   * Like pipeInto, for a native `out`: each piece is piped without JS touching its chunks
   * (workerd pumps one native stream into another), and counted once it has arrived.
   */
  private async pumpInto(blob: BlobRef, out: WritableStream<Uint8Array>): Promise<boolean> {
    for (const p of pieces(blob, 0, blob.size)) {
      const opened = await this.open(p);
      if (!opened) return false;
      await opened.body.pipeTo(out, { preventClose: true });
      if (opened.local) this.bytesLocal += p.length;
      else this.bytesRemote += p.length;
    }
    return true;
  }

  /**
   * A stream of the whole blob; errors (and calls `onLost`) if no copy is readable. It is
   * a native byte stream fed natively from R2, so it crosses RPC into the sandbox, which
   * reads it a MiB at a time, with no JS per chunk on this side (see "Where in-situ time
   * goes" in docs/design/sandbox.md).
   */
  stream(blob: BlobRef | null, onLost: () => void = () => {}): ReadableStream<Uint8Array> {
    const { readable, writable } = new IdentityTransformStream();
    const filled = blob && blob.size > 0 ? this.pumpInto(blob, writable) : Promise.resolve(true);
    filled.then(
      (ok) => {
        if (ok) return writable.close();
        onLost();
        return writable.abort(new Error("no copy of the object is readable"));
      },
      (err: unknown) => {
        onLost();
        return writable.abort(err);
      },
    ).catch(() => undefined);
    return readable;
  }

  async read(blob: BlobRef | null, offset: number, length: number): Promise<Uint8Array> {
    if (!blob || length <= 0 || offset >= blob.size) return new Uint8Array(0);
    const len = Math.min(length, blob.size - offset);
    const out = new Uint8Array(len);
    let at = 0;
    for (const p of pieces(blob, offset, len)) {
      const opened = await this.open(p);
      if (!opened) throw new Error("no copy of the object is readable");
      const bytes = new Uint8Array(await new Response(opened.body).arrayBuffer());
      out.set(bytes, at);
      at += bytes.byteLength;
      if (opened.local) this.bytesLocal += bytes.byteLength;
      else this.bytesRemote += bytes.byteLength;
    }
    return out;
  }
}
