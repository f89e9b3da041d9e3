// File-descriptor tables and the small byte adapters the interpreter needs.
import { decodeUtf8, encodeUtf8 } from "./utf8.ts";
import type { ByteSink, ByteSource, StageIO } from "./types.ts";

/**
 * A source that can push bytes back. `read` (the builtin) must stop exactly after a newline, but ByteSource has
 * no peek; so every source in a fd table is wrapped once (same wrapper per source) and `read` unreads the excess.
 * The next program reading that fd then sees those bytes first.
 */
export class BufferedSource implements ByteSource {
  private pending: Uint8Array[] = [];
  constructor(private readonly inner: ByteSource) {}

  async read(max: number): Promise<Uint8Array | null> {
    const head = this.pending.shift();
    if (head === undefined) return this.inner.read(max);
    if (head.length <= max) return head;
    this.pending.unshift(head.subarray(max));
    return head.subarray(0, max);
  }

  unread(bytes: Uint8Array): void {
    if (bytes.length > 0) this.pending.unshift(bytes);
  }
}

const wrappers = new WeakMap<ByteSource, BufferedSource>();

export function buffered(source: ByteSource): BufferedSource {
  if (source instanceof BufferedSource) return source;
  let wrapper = wrappers.get(source);
  if (wrapper === undefined) {
    wrapper = new BufferedSource(source);
    wrappers.set(source, wrapper);
  }
  return wrapper;
}

export type Fd = { readonly mode: "r"; readonly source: BufferedSource } | { readonly mode: "w"; readonly sink: ByteSink };

/** fd number → open file. Passed by reference within one shell so `exec >file` persists; copied for subshells. */
export type FdTable = Map<number, Fd>;

/** The fds a script starts with: 0, 1 and 2 on the caller's streams. */
export function stdioFds(io: StageIO): FdTable {
  return new Map<number, Fd>([
    [0, { mode: "r", source: buffered(io.stdin) }],
    [1, { mode: "w", sink: io.stdout }],
    [2, { mode: "w", sink: io.stderr }],
  ]);
}

export const EMPTY_SOURCE: ByteSource = { read: async () => null };

/** Stands in for a closed fd when calling a host program: output is discarded. */
export const NULL_SINK: ByteSink = { write: async () => {}, close: async () => {} };

export function sourceFromBytes(bytes: Uint8Array): ByteSource {
  let done = false;
  let offset = 0;
  return {
    read: async (max) => {
      if (done || offset >= bytes.length) {
        done = true;
        return null;
      }
      const out = bytes.subarray(offset, offset + Math.max(1, max));
      offset += out.length;
      return out;
    },
  };
}

/** Collects everything written (command substitution). */
export class CaptureSink implements ByteSink {
  private chunks: Uint8Array[] = [];
  async write(chunk: Uint8Array): Promise<void> {
    this.chunks.push(chunk.slice());
  }
  async close(): Promise<void> {}
  text(): string {
    const total = this.chunks.reduce((n, c) => n + c.length, 0);
    const all = new Uint8Array(total);
    let at = 0;
    for (const c of this.chunks) {
      all.set(c, at);
      at += c.length;
    }
    return decodeUtf8(all);
  }
}

/** Thrown when a builtin writes to a closed or read-only fd ("Bad file descriptor"). */
export class BadFdError extends Error {
  constructor(readonly fd: number) {
    super("Bad file descriptor");
  }
}

export async function writeFd(fds: FdTable, fd: number, text: string | Uint8Array): Promise<void> {
  const entry = fds.get(fd);
  if (entry === undefined || entry.mode !== "w") throw new BadFdError(fd);
  const bytes = typeof text === "string" ? encodeUtf8(text) : text;
  if (bytes.length > 0) await entry.sink.write(bytes);
}

export function sinkOf(fds: FdTable, fd: number): ByteSink {
  const entry = fds.get(fd);
  return entry?.mode === "w" ? entry.sink : NULL_SINK;
}

export function sourceOf(fds: FdTable, fd: number): ByteSource {
  const entry = fds.get(fd);
  return entry?.mode === "r" ? entry.source : EMPTY_SOURCE;
}
