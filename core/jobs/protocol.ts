/**
 * What crosses between a JobDO and the ShardDOs that run its tasks. Both are
 * plain data (structured-cloneable) so they survive RPC and SQLite rows.
 *
 * Delivery is at least once in both directions: a ShardDO may run an
 * assignment twice (restart), and may report twice. The JobDO keys every
 * report by (taskId, attempt) and keeps the first final one, so each input
 * yields its outputs exactly once; output names carry the task id, so a re-run
 * rewrites the same names instead of adding new ones.
 */
import type { BlobRef } from "../entry.ts";
import type { TaskLimits } from "./limits.ts";
import type { TaskErrorCode } from "./records.ts";

export interface TaskAssignment {
  jobId: string;
  login: string;
  taskId: string;
  attempt: number; // 1 for the first run; retries of internal failures count up
  phase: number;
  kind: "map" | "reduce";
  exec: string;
  init: string | null;
  assets: string[];
  limits: TaskLimits;
  outbase: string; // /<login>/jobs/<id>/stor
  /** Map: the input object, resolved by the JobDO when it placed the task. */
  input: { path: string; blob: BlobRef | null; size: number } | null;
  p0input: string | null;
  reducer: number | null; // reduce: this task's index
  /** Map only: the shard chosen for its copy of the input. */
  shard: number;
}

export interface EmittedOutput {
  key: string;
  reducer: number | null; // explicit routing to the next phase's reducer
}

export interface TaskReport {
  jobId: string;
  taskId: string;
  attempt: number;
  shard: number;
  outcome: "ok" | "failed" | "internal";
  error: { code: TaskErrorCode; message: string } | null;
  stderr: string | null; // saved stderr object (failures)
  outputs: EmittedOutput[];
  bytesLocal: number;
  bytesRemote: number;
}

/** Internal failures are retried up to twice (Manta: stats.retries); user failures never. */
export const MAX_ATTEMPTS = 3;

/** The key a ShardDO files an assignment under; the JobDO asks about it by the same key. */
export function assignmentKey(t: { taskId: string; attempt: number }): string {
  return `${t.taskId}#${t.attempt}`;
}

/** What a ShardDO holds of an assignment, as it answers a JobDO's check. */
export type HeldState = "queued" | "running" | "finished" | "reported" | "missing";

/**
 * The JobDO as its ShardDOs see it (the contract, so neither side imports the other's class).
 * RPC: plain data in and out; failures are results, never thrown fields.
 */
export interface JobPort {
  report(r: TaskReport): Promise<{ ok: true; accepted: boolean }>;
  isCancelled(): Promise<boolean>;
  reducerInputs(taskId: string, after: number, limit: number): Promise<{ keys: Array<{ seq: number; key: string }> }>;
}

/** A ShardDO as the JobDOs see it. */
export interface ShardPort {
  enqueue(a: TaskAssignment): Promise<{ ok: true }>;
  load(): Promise<number>;
  cancelJob(jobId: string): Promise<void>;
  holds(keys: string[]): Promise<Record<string, HeldState>>;
}
