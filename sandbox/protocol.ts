// The RPC contract between the parent (runTask, in a Worker or Durable Object)
// and the dynamic isolate (guest/). Capabilities cross as RPC arguments, never
// in the isolate's `env`: functions become stubs, streams are streamed.

// Memory is the WASM linear memory of all a task's live programs together, disk the total
// under /tmp, fuel ~ wasm instructions (bulk ones by length), output bytes per stream
// (stdout, stderr, each job output).
export type { TaskLimits } from "../core/jobs/limits.ts";
import type { TaskLimits } from "../core/jobs/limits.ts";

export type TaskErrorCode = "UserTaskError" | "TaskKilledError" | "TaskInitError" | "InternalError";

export interface TaskError {
  code: TaskErrorCode;
  message: string;
}

/**
 * One storage request of a Manta tool inside the task (mls, mput, ...), answered by the
 * storage API acting as the job's owner. The path is a Manta path (`/login/stor/x`), the
 * query without its `?`; the host decides who the caller is, never the request.
 */
export interface StorageRequest {
  method: "GET" | "HEAD" | "PUT" | "DELETE";
  path: string;
  query: string;
  headers: Record<string, string>;
  body: ReadableStream<Uint8Array> | null;
}

export interface StorageAnswer {
  status: number;
  headers: Record<string, string>;
  body: ReadableStream<Uint8Array> | null;
}

export type StorageCall = (req: StorageRequest) => Promise<StorageAnswer>;

/**
 * /tmp's storage (sandbox/guest/scratch.ts): immutable blocks the guest names (`[0-9a-z]+`),
 * kept by the host under the task's own prefix and all deleted when the task ends. `get`
 * answers the bytes (null: no such block), the others null.
 */
export type ScratchOp =
  | { op: "put"; name: string; bytes: Uint8Array }
  | { op: "get"; name: string; offset: number; length: number }
  | { op: "drop"; names: string[] };

export type ScratchCall = (op: ScratchOp) => Promise<Uint8Array | null>;

export interface GuestRequest {
  exec: string;
  init?: string;
  env: Record<string, string>;
  limits: TaskLimits;
  stdin: ReadableStream<Uint8Array> | null;
  stdout: WritableStream<Uint8Array>;
  stderr: WritableStream<Uint8Array>;
  /** Mount path of the map input (e.g. /manta/jo/stor/a.txt) and its size. */
  input: { path: string; size: number } | null;
  readInput: ((offset: number, length: number) => Promise<Uint8Array>) | null;
  /** Files under /assets, keyed by path below /assets (no leading slash). */
  assets: Record<string, ArrayBuffer>;
  openOutput: ((key: string, reducer: number | null) => Promise<WritableStream<Uint8Array>>) | null;
  emitReference: ((key: string, reducer: number | null) => Promise<void>) | null;
  openObject: ((key: string) => Promise<WritableStream<Uint8Array>>) | null;
  /** Asked every so often while the task computes; true ends it ("job was cancelled"). */
  cancelled: (() => Promise<boolean>) | null;
  /** The storage API as the job's owner, for the Manta tools; null: they report it unavailable. */
  storage: StorageCall | null;
  /** Storage behind /tmp; null keeps /tmp in isolate memory (capped, see scratch.ts). */
  scratch: ScratchCall | null;
}

export interface GuestResult {
  exitCode: number;
  error?: TaskError;
  emittedOutputs: boolean;
  fuelUsed: number;
}

/**
 * How programs are named inside the isolate: toolbox programs by command
 * name ("wc"); user programs by their /assets path ("/assets/jo/stor/bin/x.wasm").
 * A TaskError value says why that program cannot run (e.g. it failed instrumentation).
 */
export type ProgramTable = Record<string, WebAssembly.Module | TaskError>;
