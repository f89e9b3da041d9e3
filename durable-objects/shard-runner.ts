/**
 * The seam between the ShardDO and the sandbox runtime (sandbox/run-task.ts):
 * the host API the shard programs against, in one place.
 */
export interface TaskLimits {
  memoryMiB: number;
  diskMiB: number;
  cpuFuel: number;
  wallMs: number;
  outputBytes: number;
}
export interface TaskInput {
  path: string;
  size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}
export interface TaskSpec {
  exec: string;
  init?: string;
  env: Record<string, string>;
  programs?: Record<string, ArrayBuffer>;
  assets?: Record<string, ArrayBuffer>;
  input?: TaskInput;
  stdin?: ReadableStream<Uint8Array> | null;
  limits: TaskLimits;
}
export interface TaskHooks {
  stdout: WritableStream<Uint8Array>;
  stderr: WritableStream<Uint8Array>;
  openOutput?(key: string, reducer: number | null): Promise<WritableStream<Uint8Array>>;
  emitReference?(key: string, reducer: number | null): Promise<void>;
  openObject?(key: string): Promise<WritableStream<Uint8Array>>;
}
export interface TaskResult {
  exitCode: number;
  error?: { code: "UserTaskError" | "TaskKilledError" | "TaskInitError" | "InternalError"; message: string };
  emittedOutputs: boolean;
  stdoutBytes: number;
  fuelUsed: number;
  wallMs: number;
}

export type RunTask = (env: { LOADER: WorkerLoader }, spec: TaskSpec, hooks: TaskHooks) => Promise<TaskResult>;

// sandbox/run-task.ts is being written alongside; until it lands every task
// fails as an internal error (retried, then reported) rather than pretending to run.
export const runTask: RunTask = async () => {
  throw new Error("the sandbox runtime (sandbox/run-task.ts) is not available");
};

/** False while runTask above is the placeholder; tests that need real task runs check it. */
export const sandboxAvailable: boolean = false;
