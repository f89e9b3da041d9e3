// One running WASI program: its argv/env, its fd table and its view of
// linear memory. The call implementations (fd-calls, path-calls, misc-calls)
// are plain functions over this object; `imports()` assembles them for the
// module's actual import list, wrapping the blocking ones for JSPI.
import type { ByteSink, ByteSource, StageIO } from "../../../core/shell/index.ts";
import { TaskAbort, type TaskContext, ProcExit } from "../context.ts";
import { FsError, type DirNode, type FileNode, type TaskFs } from "../vfs.ts";
import { ERRNO } from "./constants.ts";

export type FdEntry =
  | { type: "source"; source: ByteSource }
  | { type: "sink"; sink: ByteSink; owned: boolean }
  | { type: "dir"; node: DirNode; preopen?: string }
  | { type: "file"; node: FileNode; offset: number; read: boolean; write: boolean; append: boolean }
  | { type: "devnull" };

/** Job-output capabilities of the Manta tools (import module "mobula"). */
export interface MantaOps {
  openOutput(key: string, reducer: number | null): Promise<ByteSink>;
  emitReference(key: string, reducer: number | null): Promise<void>;
  openObject(key: string): Promise<ByteSink>;
}

export type Call = (...args: never[]) => number;
export type AsyncCall = (...args: never[]) => Promise<number>;
export interface CallTable {
  sync: Record<string, Call>;
  async: Record<string, AsyncCall>;
}

export class WasiProcess {
  memory: WebAssembly.Memory | null = null;
  readonly fds = new Map<number, FdEntry>();

  constructor(
    readonly ctx: TaskContext,
    readonly fs: TaskFs,
    readonly args: string[],
    readonly env: Record<string, string>,
    io: StageIO,
    readonly manta: MantaOps,
  ) {
    this.fds.set(0, { type: "source", source: io.stdin });
    this.fds.set(1, { type: "sink", sink: io.stdout, owned: false });
    this.fds.set(2, { type: "sink", sink: io.stderr, owned: false });
    this.fds.set(3, { type: "dir", node: fs.root, preopen: "/" });
  }

  /** A fresh view each time: memory.grow detaches the old buffer. */
  view(): DataView {
    return new DataView(this.memory!.buffer);
  }

  bytes(ptr: number, len: number): Uint8Array {
    const mem = new Uint8Array(this.memory!.buffer);
    if (ptr + len > mem.length) throw new FsError(ERRNO.FAULT, "bad address");
    return mem.subarray(ptr, ptr + len);
  }

  string(ptr: number, len: number): string {
    return new TextDecoder().decode(this.bytes(ptr, len));
  }

  /** Lowest free descriptor, as POSIX open() promises. */
  allocFd(entry: FdEntry): number {
    let fd = 4;
    while (this.fds.has(fd)) fd++;
    this.fds.set(fd, entry);
    return fd;
  }

  fd(fd: number): FdEntry {
    const e = this.fds.get(fd);
    if (!e) throw new FsError(ERRNO.BADF, "bad file descriptor");
    return e;
  }

  /** Reads an iovec array: [ptr, len] pairs. */
  iovecs(iovs: number, count: number): Array<[number, number]> {
    const v = this.view();
    const out: Array<[number, number]> = [];
    for (let i = 0; i < count; i++) out.push([v.getUint32(iovs + i * 8, true), v.getUint32(iovs + i * 8 + 4, true)]);
    return out;
  }

  /** Closes the sinks this program opened itself (job outputs), flushing them. */
  async closeOwned(): Promise<void> {
    for (const [fd, e] of this.fds) {
      if (e.type === "sink" && e.owned) {
        this.fds.delete(fd);
        await e.sink.close().catch(() => {});
      }
    }
  }
}

/** Maps thrown errors to an errno; kills and exits keep unwinding the wasm stack. */
export function errnoOf(e: unknown): number {
  if (e instanceof TaskAbort || e instanceof ProcExit) throw e;
  if (e instanceof FsError) return e.errno;
  if (e && typeof e === "object" && (e as { code?: unknown }).code === "EPIPE") return ERRNO.PIPE;
  return ERRNO.IO;
}

export function guarded<A extends unknown[]>(fn: (...a: A) => number): (...a: A) => number {
  return (...a) => {
    try {
      return fn(...a);
    } catch (e) {
      return errnoOf(e);
    }
  };
}

export function guardedAsync<A extends unknown[]>(fn: (...a: A) => Promise<number>): (...a: A) => Promise<number> {
  return async (...a) => {
    try {
      return await fn(...a);
    } catch (e) {
      return errnoOf(e);
    }
  };
}
