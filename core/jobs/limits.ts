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
  /** The CPU limit as fuel (see CpuPolicy): ~ wasm instructions, bulk ones by length. */
  cpuFuel: number;
  wallMs: number;
  outputBytes: number;
}

// Ten minutes of wall time keeps a task inside one 15-minute Durable Object alarm.
export const TASK_WALL_MS = 10 * 60 * 1000;
export const TASK_OUTPUT_BYTES = 5 * 1024 ** 3;

/**
 * The CPU limit, in seconds of CPU, and how seconds become fuel. Operators set all three
 * (Worker vars TASK_CPU_SECONDS, TASK_CPU_SECONDS_PER_GIB, TASK_FUEL_PER_CPU_SECOND):
 * a task may spend `baseSeconds + secondsPerGiB x its input's GiB`, metered as fuel at
 * `fuelPerSecond`.
 */
export interface CpuPolicy {
  baseSeconds: number;
  secondsPerGiB: number;
  fuelPerSecond: number;
}

// Calibrated on a 2-core x86 VM (Node 20, workerd 1.20260426) with bench/calibrate-fuel.ts:
// compute-bound programs burn 6 to 14G fuel per CPU second (grep 6-7G, awk 4-8G, a C
// spin loop and awk's own `while(1)` 8G, recursive fib 14G); I/O-bound ones less (wc -l
// 0.9G, sort 1-2G), since fuel counts only wasm. At 8G, a spin loop dies at the limit,
// a program burning faster dies sooner. `grep GET | awk '{print $7}' | sort | uniq -c |
// sort -rn | head` spends ~410 fuel per input byte, 55 s per GiB: 300 s per GiB leaves
// room for slower hosts and busier inputs, and 30 s stops a loop on a small input well
// inside a minute. docs/design/sandbox.md "CPU limit" says how to re-calibrate.
export const CPU_DEFAULTS: CpuPolicy = { baseSeconds: 30, secondsPerGiB: 300, fuelPerSecond: 8e9 };

/** The operator's settings (Worker vars, strings); an empty or absent one keeps its default. */
export interface CpuVars {
  TASK_CPU_SECONDS?: string;
  TASK_CPU_SECONDS_PER_GIB?: string;
  TASK_FUEL_PER_CPU_SECOND?: string;
}

export function cpuPolicy(vars: CpuVars): CpuPolicy {
  const read = (name: keyof CpuVars, dflt: number): number => {
    const raw = vars[name]?.trim();
    if (!raw) return dflt;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number of ${name === "TASK_FUEL_PER_CPU_SECOND" ? "fuel" : "seconds"}, not "${raw}"`);
    return n;
  };
  return {
    baseSeconds: read("TASK_CPU_SECONDS", CPU_DEFAULTS.baseSeconds),
    secondsPerGiB: read("TASK_CPU_SECONDS_PER_GIB", CPU_DEFAULTS.secondsPerGiB),
    fuelPerSecond: read("TASK_FUEL_PER_CPU_SECOND", CPU_DEFAULTS.fuelPerSecond),
  };
}

/** CPU seconds a task with `inputBytes` of input may spend. */
export function cpuSeconds(policy: CpuPolicy, inputBytes: number): number {
  return policy.baseSeconds + (policy.secondsPerGiB * inputBytes) / 1024 ** 3;
}

/**
 * A task's limits. `inputBytes` is a map task's input object size, or the sum of a
 * reduce task's inputs.
 */
export function taskLimits(phase: Phase, inputBytes: number, cpu: CpuPolicy = CPU_DEFAULTS): TaskLimits {
  const d = phaseDefaults(phase);
  return {
    memoryMiB: d.memory,
    diskMiB: d.disk * 1024, // /tmp is backed by storage (sandbox/guest/scratch.ts)
    cpuFuel: Math.ceil(cpuSeconds(cpu, inputBytes) * cpu.fuelPerSecond),
    wallMs: TASK_WALL_MS,
    outputBytes: TASK_OUTPUT_BYTES,
  };
}
