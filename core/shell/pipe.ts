// A bounded in-memory pipe between two pipeline stages.
//
// Invariants:
//  - At most `capacity` bytes are buffered. `write` enqueues what fits and awaits (back-pressure) until the reader
//    drains more; so a writer that never stops (`yes`) holds at most `capacity` bytes of memory.
//  - `closeWrite()` is EOF for the reader once the buffer is drained.
//  - `closeRead()` (the reading stage exited, e.g. `head`) drops the buffer and makes every pending and future
//    `write` reject with BrokenPipeError — the in-memory analogue of EPIPE/SIGPIPE, so writers can stop.
//  - Written chunks are copied: hosts may pass views into WebAssembly memory that they reuse.
import { BrokenPipeError } from "./errors.ts";
import type { ByteSink, ByteSource } from "./types.ts";

export const DEFAULT_PIPE_CAPACITY = 64 * 1024;

export class Pipe {
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private writeClosed = false;
  private readClosed = false;
  private readWaiters: (() => void)[] = [];
  private writeWaiters: (() => void)[] = [];
  /** The largest number of bytes ever buffered at once (for tests and diagnostics). */
  maxBuffered = 0;

  readonly reader: ByteSource & { close(): void };
  readonly writer: ByteSink;

  constructor(readonly capacity = DEFAULT_PIPE_CAPACITY) {
    this.reader = { read: (max) => this.read(max), close: () => this.closeRead() };
    this.writer = { write: (chunk) => this.write(chunk), close: async () => this.closeWrite() };
  }

  private async write(chunk: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.readClosed) throw new BrokenPipeError();
      if (this.writeClosed) throw new Error("write to a closed pipe");
      const room = this.capacity - this.buffered;
      if (room <= 0) {
        await new Promise<void>((resolve) => this.writeWaiters.push(resolve));
        continue;
      }
      const n = Math.min(room, chunk.length - offset);
      this.chunks.push(chunk.slice(offset, offset + n));
      this.buffered += n;
      this.maxBuffered = Math.max(this.maxBuffered, this.buffered);
      offset += n;
      wake(this.readWaiters);
    }
    if (this.readClosed && chunk.length === 0) throw new BrokenPipeError();
  }

  private async read(max: number): Promise<Uint8Array | null> {
    while (this.buffered === 0) {
      if (this.writeClosed || this.readClosed) return null;
      await new Promise<void>((resolve) => this.readWaiters.push(resolve));
    }
    const limit = Math.max(1, max);
    const first = this.chunks[0];
    let out: Uint8Array;
    if (first.length <= limit) {
      // Coalesce whole chunks up to `limit` so many small writes do not become many small reads.
      let total = 0;
      let count = 0;
      while (count < this.chunks.length && total + this.chunks[count].length <= limit) total += this.chunks[count++].length;
      out = new Uint8Array(total);
      let at = 0;
      for (const c of this.chunks.splice(0, count)) {
        out.set(c, at);
        at += c.length;
      }
    } else {
      out = first.slice(0, limit);
      this.chunks[0] = first.subarray(limit);
    }
    this.buffered -= out.length;
    wake(this.writeWaiters);
    return out;
  }

  private closeWrite(): void {
    this.writeClosed = true;
    wake(this.readWaiters);
  }

  private closeRead(): void {
    this.readClosed = true;
    this.chunks = [];
    this.buffered = 0;
    wake(this.writeWaiters);
    wake(this.readWaiters);
  }
}

function wake(waiters: (() => void)[]): void {
  for (const resolve of waiters.splice(0)) resolve();
}
