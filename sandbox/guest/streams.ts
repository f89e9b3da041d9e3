// Adapters between Web streams (what crosses RPC) and the shell's
// ByteSource/ByteSink ports (what programs read and write).
import type { ByteSink, ByteSource } from "../../core/shell/index.ts";
import type { TaskContext } from "./context.ts";

/** Bytes gathered per wait on task stdin: one guarded wait per MiB, not per chunk. */
const FILL = 1 << 20;

/**
 * Reads a (possibly RPC) ReadableStream in pieces of at most `max` bytes. Task stdin is
 * a whole object, not an interactive stream, so chunks are gathered up to FILL bytes per
 * wait. A byte stream (what RPC delivers) is read with workerd's `readAtLeast`, which
 * gathers natively into one fresh buffer; any other stream is gathered here, chunk by
 * chunk. The profile in docs/design/sandbox.md ("Where in-situ time goes") is why: a
 * guarded read per 4 KiB chunk cost more than the program's own work.
 */
export function streamSource(stream: ReadableStream<Uint8Array> | null, ctx: TaskContext): ByteSource {
  if (!stream) return { read: async () => null };
  const fill = filler(stream);
  let pending: Uint8Array = new Uint8Array(0);
  let ended = false;
  return {
    async read(max) {
      if (pending.length === 0) {
        if (ended) return null;
        const next = await ctx.guard(fill());
        if (!next) {
          ended = true;
          return null;
        }
        pending = next;
      }
      const out = pending.subarray(0, max);
      pending = pending.subarray(out.length);
      return out;
    },
  };
}

/** A function resolving with the next 1..FILL bytes, or null at the end. */
function filler(stream: ReadableStream<Uint8Array>): () => Promise<Uint8Array | null> {
  let byob: ReadableStreamBYOBReader | null = null;
  try {
    byob = stream.getReader({ mode: "byob" });
  } catch {
    // not a byte stream: gathered below
  }
  if (byob && typeof byob.readAtLeast === "function") {
    const reader = byob;
    return async () => {
      // A fresh buffer each time: earlier pieces may still be held by a reader of this source.
      const { value } = await reader.readAtLeast(FILL, new Uint8Array(FILL));
      return value && value.length > 0 ? value : null; // the last piece may come with done
    };
  }
  byob?.releaseLock();
  const reader = stream.getReader();
  return async () => {
    const parts: Uint8Array[] = [];
    let size = 0;
    while (size < FILL) {
      const next = await reader.read();
      if (next.done) break;
      parts.push(next.value);
      size += next.value.length;
    }
    return size === 0 ? null : parts.length === 1 ? parts[0]! : concat(parts, size);
  };
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Coalesces writes into chunks of this size before they cross RPC. */
const COALESCE = 64 * 1024;

/**
 * A sink over a WritableStream that counts bytes against the output limit
 * (killing the task when it is exceeded) and batches small writes.
 */
export class LimitedSink implements ByteSink {
  bytes = 0;
  private writer: WritableStreamDefaultWriter<Uint8Array>;
  private buf = new Uint8Array(COALESCE);
  private used = 0;
  private closed = false;

  constructor(stream: WritableStream<Uint8Array>, private ctx: TaskContext) {
    this.writer = stream.getWriter();
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (this.closed) throw new Error("write after close");
    this.bytes += chunk.length;
    if (this.bytes > this.ctx.limits.outputBytes) {
      throw this.ctx.kill("TaskKilledError", `output size limit exceeded (${this.ctx.limits.outputBytes} bytes)`);
    }
    if (this.used + chunk.length <= COALESCE) {
      this.buf.set(chunk, this.used);
      this.used += chunk.length;
      if (this.used === COALESCE) await this.flush();
      return;
    }
    await this.flush();
    if (chunk.length >= COALESCE) await this.ctx.guard(this.writer.write(chunk.slice()));
    else {
      this.buf.set(chunk, 0);
      this.used = chunk.length;
    }
  }

  async flush(): Promise<void> {
    if (this.used === 0) return;
    const out = this.buf.slice(0, this.used);
    this.used = 0;
    await this.ctx.guard(this.writer.write(out));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Unguarded on purpose: after a kill the tail (often the error message) still matters.
    if (this.used > 0) await this.writer.write(this.buf.slice(0, this.used)).catch(() => {});
    this.used = 0;
    await this.writer.close().catch(() => {});
  }
}

/** A sink that accepts and drops everything (/dev/null). */
export const nullSink: ByteSink = { write: async () => {}, close: async () => {} };
