/**
 * Where a task's bytes go: stdout and `mpipe`/`mtee` objects stream straight
 * into new blobs while the task runs (constant memory), and get a name only
 * when the task's outcome says they should; stderr is kept (bounded) in memory
 * because it is saved only when the task fails.
 */
import type { BlobRef } from "../../core/entry.ts";
import { R2BlobStore } from "../../storage/r2-blob-store.ts";

const OUTPUT_COPIES = 2;
const STDERR_MAX = 1024 * 1024;

/** A stream into a fresh blob. Closing it (by the task or by `end`) finishes the blob; twice is harmless. */
export class BlobSink {
  readonly writable: WritableStream<Uint8Array>;
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  private readonly written: Promise<{ blob: BlobRef; md5: string }>;
  private closed = false;

  constructor(
    private readonly env: Env,
    maxBytes: number,
    onClose?: () => Promise<void>,
  ) {
    const pipe = new TransformStream<Uint8Array, Uint8Array>();
    this.writer = pipe.writable.getWriter();
    this.written = new R2BlobStore(env).put(pipe.readable, { length: null, copies: OUTPUT_COPIES, maxBytes });
    this.written.catch(() => undefined); // observed by end()
    this.writable = new WritableStream<Uint8Array>({
      write: (chunk) => this.writer.write(chunk),
      close: async () => {
        await this.end();
        if (onClose) await onClose();
      },
      abort: async (reason) => {
        this.closed = true;
        await this.writer.abort(reason).catch(() => undefined);
      },
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async end(): Promise<{ blob: BlobRef; md5: string }> {
    if (!this.closed) {
      this.closed = true;
      await this.writer.close().catch(() => undefined);
    }
    return this.written;
  }

  /** The task failed internally: drop what was written. */
  async discard(): Promise<void> {
    const w = await this.end().catch(() => null);
    if (w) await new R2BlobStore(this.env).delete(w.blob).catch(() => undefined);
  }
}

/** The first MiB of stderr. */
export class StderrBuffer {
  private chunks: Uint8Array[] = [];
  private size = 0;
  truncated = false;
  readonly writable = new WritableStream<Uint8Array>({
    write: (chunk) => {
      const room = STDERR_MAX - this.size;
      if (room <= 0) {
        this.truncated = true;
        return;
      }
      const take = chunk.byteLength > room ? chunk.subarray(0, room) : chunk;
      if (take !== chunk) this.truncated = true;
      this.chunks.push(take.slice());
      this.size += take.byteLength;
    },
  });

  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    return out;
  }
}
