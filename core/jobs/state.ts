/**
 * The job state machine (manta.md §7.4), platform-free.
 *
 *   queued ──create──▶ running ──(input ended ∧ every phase complete)──▶ done
 *                         └──────────────cancel──────────────────────▶ done (cancelled)
 *
 * A phase is complete when its upstream is complete (phase 0: input ended), its
 * reducers exist (reduce phases: created only once upstream is complete), and
 * none of its tasks is unfinished. Map phases stream: a task per upstream output
 * as soon as that output is known.
 */
import { MantaError } from "../errors.ts";
import type { Phase } from "./spec.ts";

export type JobState = "queued" | "running" | "done";

export interface JobStats {
  errors: number;
  outputs: number;
  retries: number;
  tasks: number;
  tasksDone: number;
  bytesReadLocal: number;
  bytesReadRemote: number;
}

export interface JobRecord {
  id: string;
  login: string;
  name: string;
  phases: Phase[];
  state: JobState;
  cancelled: boolean;
  inputDone: boolean;
  transient: boolean;
  timeCreated: number; // ms since epoch
  timeDone: number | null;
  timeArchiveStarted: number | null;
  timeArchiveDone: number | null;
  stats: JobStats;
}

export function emptyStats(): JobStats {
  return { errors: 0, outputs: 0, retries: 0, tasks: 0, tasksDone: 0, bytesReadLocal: 0, bytesReadRemote: 0 };
}

/** live/in: only while the job runs and its input is open. */
export function assertAcceptsInput(job: Pick<JobRecord, "id" | "state" | "cancelled" | "inputDone">): void {
  assertNotFinished(job);
  if (job.inputDone) throw new MantaError("InvalidJobState", `job ${job.id} is in state 'inputDone'`);
}

/** live/in/end and live/cancel: refused once the job is done or cancelled. */
export function assertNotFinished(job: Pick<JobRecord, "id" | "state" | "cancelled">): void {
  if (job.cancelled) throw new MantaError("InvalidJobState", `job ${job.id} is in state 'cancelled'`);
  if (job.state === "done") throw new MantaError("InvalidJobState", `job ${job.id} is in state 'done'`);
}

export interface PhaseCounts {
  unfinished: number; // tasks created but without a final result
  reducersCreated: boolean; // reduce phases only
}

export interface Progress {
  complete: boolean[];
  /** Reduce phases whose upstream just completed: create their reducers now. */
  createReducers: number[];
  done: boolean;
}

export function progress(phases: Pick<Phase, "type">[], inputDone: boolean, counts: PhaseCounts[]): Progress {
  const complete: boolean[] = [];
  const createReducers: number[] = [];
  let upstream = inputDone;
  phases.forEach((p, i) => {
    const c = counts[i] ?? { unfinished: 0, reducersCreated: false };
    if (p.type === "reduce" && upstream && !c.reducersCreated) createReducers.push(i);
    const ready = p.type === "reduce" ? c.reducersCreated : true;
    const done = upstream && ready && c.unfinished === 0;
    complete.push(done);
    upstream = done;
  });
  return { complete, createReducers, done: complete.length > 0 && complete.every(Boolean) };
}

/** The job JSON of `live/status` and job.json (libmanta translateJob), plus Mobula's byte counters. */
export function jobJson(job: JobRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: job.id,
    name: job.name,
    state: job.state,
    cancelled: job.cancelled,
    inputDone: job.inputDone,
    transient: job.transient,
    stats: { ...job.stats },
    timeCreated: new Date(job.timeCreated).toISOString(),
  };
  if (job.timeDone !== null) out.timeDone = new Date(job.timeDone).toISOString();
  if (job.timeArchiveStarted !== null) out.timeArchiveStarted = new Date(job.timeArchiveStarted).toISOString();
  if (job.timeArchiveDone !== null) out.timeArchiveDone = new Date(job.timeArchiveDone).toISOString();
  out.phases = job.phases;
  return out;
}
