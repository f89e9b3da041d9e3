// Adapters between Web streams (what crosses RPC) and the shell's
// ByteSource/ByteSink ports (what programs read and write).
import type { ByteSink, ByteSource } from "../../core/shell/index.js";
import type { TaskContext } from "./context";

/**
 * Reads a (possibly RPC) ReadableStream in pieces of at most `max` bytes. Task stdin is
 * a whole object, not an interactive stream, so small chunks (local R2 delivers 4 KiB)
 * are gathered until `max` is filled: one JSPI suspension per program read, not per chunk.
 */
export function streamSource(stream: ReadableStream<Uint8Array> | null, ctx: TaskContext): ByteSource {
  if (!stream) return { read: async () => null };
  const reader = stream.getReader();
  let pending: Uint8Array | null = null;
  let ended = false;
  return {
    async read(max) {
      if (pending && pending.length >= max) {
        const out = pending.subarray(0, max);
        pending = pending.subarray(max);
        return out;
      }
      const parts: Uint8Array[] = pending && pending.length > 0 ? [pending] : [];
      let size = parts[0]?.length ?? 0;
      pending = null;
      while (size < max && !ended) {
        const next = await ctx.guard(reader.read());
        if (next.done) {
          ended = true;
          break;
        }
        parts.push(next.value);
        size += next.value.length;
      }
      if (size === 0) return null;
      const all = parts.length === 1 ? parts[0]! : concat(parts, size);
      pending = all.subarray(Math.min(max, size));
      return all.subarray(0, Math.min(max, size));
    },
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
