/** Per-task resource limits handed to the sandbox, derived from a phase's `memory`/`disk`. */
import { phaseDefaults, type Phase } from "./spec.ts";

export interface TaskLimits {
  /**
   * The task's budget, not each program's: the linear memories of all its programs
   * alive at once (every stage of a pipeline) count together, as processes share a
   * Manta zone's memory cap. /tmp has its own bound, diskMiB.
   */
  memoryMiB: number;
  diskMiB: number;
  cpuFuel: number;
  wallMs: number;
  outputBytes: number;
}

// /tmp lives in the sandbox isolate's memory (128 MB per isolate), so a phase's
// `disk` (GiB, Manta's unit) is honoured only up to this scratch ceiling.
export const MAX_SCRATCH_MIB = 256;
// Ten minutes of wall time keeps a task inside one 15-minute Durable Object alarm.
export const TASK_WALL_MS = 10 * 60 * 1000;
// Fuel is an upper bound per code region (a region's whole cost is charged on entry), so it
// runs far ahead of real instructions: grep -v charged ~1,100 fuel per input byte and awk
// ~1,850, at ~50G fuel/s. This budget lets a 1 GiB grep | awk | sort pipeline finish (~3T)
// while an infinite loop still dies in minutes; the wall clock bounds everything anyway.
export const TASK_CPU_FUEL = 20_000_000_000_000;
export const TASK_OUTPUT_BYTES = 5 * 1024 ** 3;

export function taskLimits(phase: Phase): TaskLimits {
  const d = phaseDefaults(phase);
  return {
    memoryMiB: d.memory,
    diskMiB: Math.min(d.disk * 1024, MAX_SCRATCH_MIB),
    cpuFuel: TASK_CPU_FUEL,
    wallMs: TASK_WALL_MS,
    outputBytes: TASK_OUTPUT_BYTES,
  };
}
