/**
 * JobDO — one per job (name = job id): the authority for its state, inputs,
 * tasks, outputs and errors, all rows in SQLite; progress is driven by alarms,
 * which survive restarts (even kill -9), so a job resumes where it stopped.
 *
 *   queued → running ──(input ended ∧ all phases complete)──▶ done ─▶ archived
 *               └──────────────── cancel ─────────────────────▶ done (cancelled)
 *
 * Steps of one alarm (each step is idempotent; a crash anywhere re-runs it):
 *   1. done?  → tell shards to drop cancelled work, write the archive, update
 *               the account's job index; stop.
 *   2. create the reducers of reduce phases whose upstream just completed;
 *      if every phase is complete, the job is done (→ 1).
 *   3. ask the ShardDOs about tasks dispatched to them (every CHECK_MS, and at
 *      once after a restart): one that never stored its assignment, or lost it,
 *      gets it again; asking also wakes a shard whose work was interrupted.
 *   4. dispatch pending tasks, at most MAX_INFLIGHT at once per job: each is
 *      marked dispatched *before* the ShardDO hears of it, because the report
 *      can arrive before the RPC returns.
 *   5. re-arm: soon if work is waiting, else a slow watchdog while tasks run.
 *
 * Reports (`report`) are applied in one synchronous step, keyed by task id and
 * attempt; a duplicate or stale report changes nothing — so each input yields
 * its outputs exactly once even though delivery is at least once.
 */
import { DurableObject } from "cloudflare:workers";
import { attempt, MantaError, type Result } from "../../core/errors.ts";
import { assignmentKey, type JobPort, type TaskAssignment, type TaskReport } from "../../core/jobs/protocol.ts";
import type { JobSpec } from "../../core/jobs/spec.ts";
import { assertAcceptsInput, assertNotFinished, emptyStats, jobJson, progress, type JobRecord } from "../../core/jobs/state.ts";
import { writeArchive } from "./archive.ts";
import { place } from "./dispatch.ts";
import { shardPort } from "../shard/port.ts";
import { indexStub } from "../job-index.ts";
import { applyReport, failTask, feedInput } from "./results.ts";
import type { TaskRow } from "./schema.ts";
import { JobStore, type LineKind } from "./store.ts";
import { TaskReportSchema } from "../../core/wire/jobs.ts";

const MAX_INFLIGHT = 16;
const WATCHDOG_MS = 2_000;
// How often dispatched tasks are checked with their shards, and how old a dispatch must be
// before its shard is expected to have stored it (the enqueue RPC is in flight until then).
const CHECK_MS = 2_000;
const ENQUEUE_GRACE_MS = 1_000;

export class JobDO extends DurableObject<Env> implements JobPort {
  private readonly store: JobStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new JobStore(ctx.storage.sql);
  }

  /** The job, if it exists and belongs to `login` (anything else looks like a missing job). */
  private owned(login: string, id: string): JobRecord {
    const job = this.store.job();
    if (!job || job.login !== login) throw new MantaError("ResourceNotFound", `/${login}/jobs/${id} was not found`);
    return job;
  }

  // Set when something changed while an alarm was running, so its end re-arms at once instead of the watchdog.
  private kicked = false;

  private kick(): void {
    this.kicked = true;
    void this.ctx.storage.setAlarm(Date.now());
  }

  async create(id: string, login: string, spec: JobSpec): Promise<Result<{ job: Record<string, unknown> }>> {
    return attempt(() => {
      const existing = this.store.job();
      if (existing) throw new MantaError("InvalidJobState", `job ${id} already exists`);
      const job: JobRecord = {
        id,
        login,
        name: spec.name,
        phases: spec.phases,
        state: "running", // Manta moves queued → running at once: inputs dispatch as they arrive
        cancelled: false,
        inputDone: false,
        transient: spec.transient ?? false,
        timeCreated: Date.now(),
        timeDone: null,
        timeArchiveStarted: null,
        timeArchiveDone: null,
        stats: emptyStats(),
      };
      this.store.saveJob(job);
      this.kick();
      return { job: jobJson(job) };
    });
  }

  /** Asked by running tasks (through their ShardDO) so a cancel stops them promptly. */
  async isCancelled(): Promise<boolean> {
    return this.store.job()?.cancelled === true;
  }

  async status(login: string, id: string): Promise<Result<{ job: Record<string, unknown> }>> {
    return attempt(() => ({ job: jobJson(this.owned(login, id)) }));
  }

  /** A client's change to its job, in one synchronous step: check, change, save, wake the alarm. */
  private change(login: string, id: string, fn: (job: JobRecord) => void): Result<{}> {
    return attempt(() => {
      const job = this.owned(login, id);
      fn(job);
      this.store.saveJob(job);
      this.kick();
      return {};
    });
  }

  async addInputs(login: string, id: string, paths: string[], end: boolean): Promise<Result<{}>> {
    return this.change(login, id, (job) => {
      assertAcceptsInput(job);
      for (const path of paths) feedInput(this.store, job, path);
      if (end) job.inputDone = true;
    });
  }

  async endInput(login: string, id: string): Promise<Result<{}>> {
    return this.change(login, id, (job) => {
      assertNotFinished(job);
      job.inputDone = true;
    });
  }

  async cancel(login: string, id: string): Promise<Result<{}>> {
    return this.change(login, id, (job) => {
      assertNotFinished(job);
      this.store.cancelUnfinished();
      Object.assign(job, { cancelled: true, inputDone: true, state: "done", timeDone: Date.now() });
    });
  }

  /** One page of live/in|out|fail|err, as stored values (err: TaskErrorRecord JSON). */
  async lines(login: string, id: string, kind: LineKind, after: number, limit: number): Promise<Result<{ rows: Array<{ seq: number; value: string }> }>> {
    return attempt(() => {
      const job = this.owned(login, id);
      return { rows: this.store.page(kind, job.phases.length - 1, after, limit) };
    });
  }

  /** A reducer's inputs, one page at a time (ShardDO streams them into stdin). */
  async reducerInputs(taskId: string, after: number, limit: number): Promise<{ keys: Array<{ seq: number; key: string }> }> {
    const task = this.store.task(taskId);
    if (!task || task.kind !== "reduce" || task.reducer === null) return { keys: [] };
    return { keys: this.store.reducerInputs(task.phase, task.reducer, after, limit).map((o) => ({ seq: o.seq, key: o.key })) };
  }

  async report(sent: TaskReport): Promise<{ ok: true; accepted: boolean }> {
    const r = TaskReportSchema.parse(sent); // crossed RPC: checked before it changes the job
    const job = this.store.job();
    if (!job || job.id !== r.jobId) return { ok: true, accepted: false };
    const accepted = applyReport(this.store, job, r);
    if (accepted) {
      this.store.saveJob(job);
      this.kick();
    }
    return { ok: true, accepted };
  }

  async alarm(): Promise<void> {
    this.kicked = false;
    const job = this.store.job();
    if (!job) return;
    if (job.state === "done") return this.finish(job);
    this.createReducers(job);
    if (this.completed(job)) return this.finish(job);
    await this.checkDispatched();
    await this.dispatch(job);
    const waiting = this.store.count("pending") > 0;
    const running = this.store.count("dispatched") > 0;
    if (this.kicked) await this.ctx.storage.setAlarm(Date.now());
    else if (waiting || running) await this.ctx.storage.setAlarm(Date.now() + (waiting ? 250 : WATCHDOG_MS));
  }

  private createReducers(job: JobRecord): void {
    for (;;) {
      const p = this.progressOf(job);
      if (p.createReducers.length === 0) return;
      for (const phase of p.createReducers) {
        const count = job.phases[phase]!.count ?? 1;
        for (let i = 0; i < count; i++) this.store.addTask({ phase, kind: "reduce", input: null, p0input: null, reducer: i });
        job.stats.tasks += count;
        this.store.markReducersCreated(phase);
      }
      this.store.saveJob(job);
    }
  }

  private progressOf(job: JobRecord) {
    const unfinished = this.store.unfinishedByPhase();
    const counts = job.phases.map((p, i) => ({ unfinished: unfinished.get(i) ?? 0, reducersCreated: p.type === "reduce" && this.store.reducersCreated(i) }));
    return progress(job.phases, job.inputDone, counts);
  }

  private completed(job: JobRecord): boolean {
    if (!this.progressOf(job).done) return false;
    Object.assign(job, { state: "done", timeDone: Date.now() });
    this.store.saveJob(job);
    return true;
  }

  // In memory on purpose: a restarted JobDO starts at 0, so its first alarm checks at once.
  private lastCheck = 0;

  /** A dispatched task its shard does not hold (never stored, or lost) goes back to pending, same attempt. */
  private async checkDispatched(): Promise<void> {
    const now = Date.now();
    if (now - this.lastCheck < CHECK_MS) return;
    this.lastCheck = now;
    const byShard = new Map<number, TaskRow[]>();
    for (const t of this.store.tasksIn("dispatched", MAX_INFLIGHT)) {
      if (t.shard === null || (t.dispatched_at ?? 0) > now - ENQUEUE_GRACE_MS) continue;
      byShard.set(t.shard, [...(byShard.get(t.shard) ?? []), t]);
    }
    await Promise.all(
      [...byShard].map(async ([shard, tasks]) => {
        const held = await shardPort(this.env, shard).holds(tasks.map((t) => assignmentKey({ taskId: t.id, attempt: t.attempt }))).catch(() => null);
        if (!held) return; // the shard is unreachable now: ask again next time
        for (const t of tasks) {
          const current = this.store.task(t.id);
          if (held[assignmentKey({ taskId: t.id, attempt: t.attempt })] === "missing" && current?.state === "dispatched" && current.attempt === t.attempt) {
            this.store.setTask(t.id, { state: "pending", shard: null, dispatched_at: null });
            this.kicked = true;
          }
        }
      }),
    );
  }

  private async dispatch(job: JobRecord): Promise<void> {
    const room = MAX_INFLIGHT - this.store.count("dispatched");
    if (room <= 0) return;
    const batch = this.store.tasksIn("pending", room);
    await Promise.all(batch.map((t) => this.dispatchOne(job.id, t)));
  }

  private async dispatchOne(jobId: string, t: TaskRow): Promise<void> {
    const job = this.store.job()!;
    const placed = await place(this.env, job, t, () => this.allReducerInputs(t)).catch((err: unknown) => ({ ok: "later" as const, err }));
    const now = this.store.task(t.id);
    if (!now || now.state !== "pending" || now.attempt !== t.attempt) return; // cancelled or changed meanwhile
    if (placed.ok === "later") return console.error(JSON.stringify({ job: jobId, task: t.id, placement: String(placed.err) }));
    if (!placed.ok) {
      const fresh = this.store.job()!;
      failTask(this.store, fresh, now, placed.code, placed.message, null, "-");
      this.store.saveJob(fresh);
      this.kick();
      return;
    }
    const a: TaskAssignment = placed.assignment;
    this.store.setTask(t.id, { state: "dispatched", shard: a.shard, dispatched_at: Date.now() });
    try {
      await shardPort(this.env, a.shard).enqueue(a);
    } catch (err) {
      const again = this.store.task(t.id);
      if (again && again.state === "dispatched" && again.attempt === t.attempt) this.store.setTask(t.id, { state: "pending" });
      console.error(JSON.stringify({ job: jobId, task: t.id, enqueue: String(err) }));
    }
  }

  private allReducerInputs(t: TaskRow): string[] {
    const keys: string[] = [];
    for (let after = 0; ; ) {
      const page = this.store.reducerInputs(t.phase, t.reducer ?? 0, after, 1000);
      if (page.length === 0) return keys;
      for (const o of page) keys.push(o.key);
      after = page[page.length - 1]!.seq;
    }
  }

  /** Done: drop cancelled work, archive, update the index. The record is re-read after every await. */
  private async finish(job: JobRecord): Promise<void> {
    if (job.timeArchiveDone !== null) return;
    if (job.cancelled) {
      await Promise.all(this.store.shardsOfCancelled().map((k) => shardPort(this.env, k).cancelJob(job.id).catch(() => undefined)));
    }
    const started = this.store.job()!;
    started.timeArchiveStarted ??= Date.now();
    this.store.saveJob(started);
    await writeArchive(this.env, this.store, started);
    const archived = this.store.job()!;
    archived.timeArchiveDone = Date.now();
    this.store.saveJob(archived);
    await indexStub(this.env, job.login).put({ id: job.id, state: "done", name: job.name, created: job.timeCreated });
  }
}

export function jobStub(env: Env, id: string): DurableObjectStub<JobDO> {
  return env.JOB.getByName(id) as DurableObjectStub<JobDO>;
}

