// Per-task state inside the isolate: the shared fuel and memory budgets, the
// wall-clock deadline, and the kill switch. A kill is sticky: once set, every fuel hook
// and every I/O wait of every stage of the task throws it, so a pipeline
// winds down even when one stage is blocked on a pipe.
import type { TaskErrorCode, TaskLimits } from "../protocol.ts";
import { MemoryBudget } from "./memory-budget.ts";

export class TaskAbort extends Error {
  constructor(readonly code: Exclude<TaskErrorCode, "UserTaskError">, message: string) {
    super(message);
    this.name = "TaskAbort";
  }
}

/** Thrown by proc_exit; carries the exit status out of the wasm stack. */
export class ProcExit {
  constructor(readonly status: number) {}
}

/**
 * Fuel handed to a program per hook call; each call also yields to the event loop. 1M is
 * ~0.1 ms of wasm at the calibrated 8G fuel per second, so a spinning task holds the thread
 * that long at most before other tasks and the API get a turn (no cost measurable vs 4M).
 */
export const FUEL_SLICE = 1_000_000;

/** How often a computing task asks whether its job was cancelled (one RPC each time). */
export const CANCEL_POLL_MS = 250;

export class TaskContext {
  readonly startedAt = Date.now();
  fuelLeft: number;
  readonly memory: MemoryBudget;
  emittedOutputs = false;
  killed: TaskAbort | null = null;
  /** Resolves (never rejects) with the kill, for racing. */
  readonly whenKilled: Promise<TaskAbort>;
  private resolveKill!: (e: TaskAbort) => void;
  /** Rejecters of the I/O waits in flight, so a kill wakes them all. */
  private waiters = new Set<(e: TaskAbort) => void>();

  private lastCancelPoll = Date.now();

  constructor(
    readonly limits: TaskLimits,
    private readonly cancelled: (() => Promise<boolean>) | null = null,
  ) {
    this.fuelLeft = limits.cpuFuel;
    this.memory = new MemoryBudget(limits.memoryMiB * 1024 * 1024);
    this.whenKilled = new Promise((r) => (this.resolveKill = r));
  }

  /** Asks the host, at most every CANCEL_POLL_MS, whether the job was cancelled; kills if so. */
  async pollCancel(): Promise<void> {
    if (!this.cancelled || Date.now() - this.lastCancelPoll < CANCEL_POLL_MS) return;
    this.lastCancelPoll = Date.now();
    if (await this.cancelled()) throw this.kill("TaskKilledError", "job was cancelled");
  }

  get fuelUsed(): number {
    return Math.max(0, this.limits.cpuFuel - this.fuelLeft);
  }

  kill(code: TaskAbort["code"], message: string): TaskAbort {
    if (!this.killed) {
      this.killed = new TaskAbort(code, message);
      this.resolveKill(this.killed);
      for (const wake of this.waiters) wake(this.killed);
      this.waiters.clear();
    }
    return this.killed;
  }

  /**
   * Work no wasm fuel counted (a builtin loop, native zlib or json) pays `fuel` from the task's
   * budget; the task dies at the CPU limit like a program that ran out.
   */
  spend(fuel: number): void {
    this.fuelLeft -= fuel;
    if (this.fuelLeft <= 0) throw this.outOfCpu();
  }

  outOfCpu(): TaskAbort {
    return this.kill("TaskKilledError", "CPU limit exceeded");
  }

  outOfMemory(): TaskAbort {
    return this.kill("TaskKilledError", `memory limit exceeded (${this.limits.memoryMiB} MiB)`);
  }

  /** Throws the kill if there is one, or a wall-clock kill if the deadline passed. */
  check(): void {
    if (this.killed) throw this.killed;
    if (Date.now() - this.startedAt > this.limits.wallMs) throw this.kill("TaskKilledError", "wall-clock limit exceeded");
  }

  /** Awaits an I/O promise, but gives up when the task is killed or out of wall time. */
  async guard<T>(p: Promise<T>): Promise<T> {
    this.check();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let wake: ((e: TaskAbort) => void) | undefined;
    const stop = new Promise<never>((_, reject) => {
      wake = reject;
      this.waiters.add(reject);
      const left = this.limits.wallMs - (Date.now() - this.startedAt);
      timer = setTimeout(() => this.kill("TaskKilledError", "wall-clock limit exceeded"), Math.max(0, left));
    });
    try {
      return await Promise.race([p, stop]);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      this.waiters.delete(wake!);
    }
  }
}
