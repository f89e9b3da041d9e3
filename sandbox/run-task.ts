// runTask: the host-side API the jobs engine calls to run one Manta task
// (an `exec` line over one input) in a sandboxed isolate.
//
// Steps: instrument user programs (cached) -> get the isolate for this
// program set (cached by hash) -> call its `run` over RPC, passing every
// capability as an argument (streams for stdin/stdout/stderr, functions for
// the input reader and job outputs) -> map the guest's answer to a
// TaskResult. Limits are enforced inside the isolate (fuel, memory, output,
// wall clock); the parent adds a wall-clock backstop in case the isolate
// itself stops answering. runTask never throws for a task's own failure, and
// it closes hooks.stdout and hooks.stderr before it resolves.
import { sandboxFor, type SandboxEnv } from "./isolate.ts";
import type { GuestRequest, ScratchCall, StorageCall, TaskError, TaskLimits } from "./protocol.ts";
import { taskPrograms } from "./runtimes/programs.ts";
import { mountInput } from "./input-mount.ts";

export type { TaskLimits } from "./protocol.ts";

export interface TaskInput {
  /** The input object's Manta path (`/login/stor/x`); mounted at inputFile(path). */
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
  /** Polled while the task computes; resolving true kills it with "job was cancelled". */
  cancelled?(): Promise<boolean>;
  /** The storage API as the job's owner (the Manta tools inside the task). */
  storage?: StorageCall;
  /** Storage behind /tmp (the ShardDO's TaskScratch); without it /tmp stays in isolate memory. */
  scratch?: ScratchCall;
}

export interface TaskResult {
  exitCode: number;
  error?: TaskError;
  emittedOutputs: boolean;
  stdoutBytes: number;
  fuelUsed: number;
  wallMs: number;
}

/** Time the parent waits past wallMs before declaring the isolate unresponsive. */
const WALL_GRACE_MS = 2_000;
/** How long to wait for the guest's stream close to reach us after `run` returns. */
const DRAIN_MS = 1_000;

/** A stream the guest writes into; counts bytes and forwards them, leaving `target` open. */
function relay(target: WritableStream<Uint8Array>) {
  const writer = target.getWriter();
  let bytes = 0;
  let ended!: () => void;
  const done = new Promise<void>((r) => (ended = r));
  const stream = new WritableStream<Uint8Array>({
    write(chunk) {
      bytes += chunk.byteLength;
      return writer.write(chunk);
    },
    close: () => ended(),
    abort: () => ended(),
  });
  return {
    stream,
    get bytes() {
      return bytes;
    },
    async finish() {
      await Promise.race([done, new Promise((r) => setTimeout(r, DRAIN_MS))]);
      await writer.close().catch(() => {});
    },
  };
}

export async function runTask(env: SandboxEnv, spec: TaskSpec, hooks: TaskHooks): Promise<TaskResult> {
  const started = Date.now();
  const stdout = relay(hooks.stdout);
  const stderr = relay(hooks.stderr);
  const result = (r: Omit<TaskResult, "stdoutBytes" | "wallMs">): TaskResult => ({
    ...r, stdoutBytes: stdout.bytes, wallMs: Date.now() - started,
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const user = await taskPrograms(env, spec.programs, spec.assets, `${spec.init ?? ""}\n${spec.exec}`);
    const sandbox = await sandboxFor(env.LOADER, user);
    const mounted = mountInput(spec.env, spec.input);
    const req: GuestRequest = {
      exec: spec.exec,
      init: spec.init,
      env: mounted.env,
      limits: spec.limits,
      stdin: spec.stdin ?? null,
      stdout: stdout.stream,
      stderr: stderr.stream,
      input: mounted.input,
      readInput: mounted.readInput,
      assets: spec.assets ?? {},
      openOutput: hooks.openOutput ? (key, reducer) => hooks.openOutput!(key, reducer) : null,
      emitReference: hooks.emitReference ? (key, reducer) => hooks.emitReference!(key, reducer) : null,
      openObject: hooks.openObject ? (key) => hooks.openObject!(key) : null,
      cancelled: hooks.cancelled ? () => hooks.cancelled!() : null,
      storage: hooks.storage ? (r) => hooks.storage!(r) : null,
      scratch: hooks.scratch ? (op) => hooks.scratch!(op) : null,
    };
    const backstop = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new WallClockBackstop()), spec.limits.wallMs + WALL_GRACE_MS);
    });
    const answer = await Promise.race([sandbox.run(req), backstop]);
    await Promise.all([stdout.finish(), stderr.finish()]);
    return result(answer);
  } catch (e) {
    await Promise.all([stdout.finish(), stderr.finish()]);
    if (e instanceof WallClockBackstop) {
      return result({ exitCode: 137, error: { code: "TaskKilledError", message: "wall-clock limit exceeded" }, emittedOutputs: false, fuelUsed: 0 });
    }
    const message = e instanceof Error ? e.message : String(e);
    return result({ exitCode: 1, error: { code: "InternalError", message: `sandbox failed: ${message}` }, emittedOutputs: false, fuelUsed: 0 });
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

class WallClockBackstop extends Error {}
