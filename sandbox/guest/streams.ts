// Adapters between Web streams (what crosses RPC) and the shell's
// ByteSource/ByteSink ports (what programs read and write).
import type { ByteSink, ByteSource } from "../../core/shell/index.js";
import type { TaskContext } from "./context";

/** Reads a (possibly RPC) ReadableStream in pieces of at most `max` bytes. */
export function streamSource(stream: ReadableStream<Uint8Array> | null, ctx: TaskContext): ByteSource {
  if (!stream) return { read: async () => null };
  const reader = stream.getReader();
  let pending: Uint8Array | null = null;
  return {
    async read(max) {
      if (!pending || pending.length === 0) {
        const next = await ctx.guard(reader.read());
        if (next.done) return null;
        pending = next.value;
      }
      const out = pending.subarray(0, Math.min(max, pending.length));
      pending = pending.subarray(out.length);
      return out;
    },
  };
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
