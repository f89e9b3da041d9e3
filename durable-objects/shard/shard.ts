/**
 * ShardDO — the agent beside storage shard k (name `shard-<k>`): it queues the
 * task assignments JobDOs send it, runs them in the sandbox reading inputs from
 * its own bucket, and reports each result back to the job.
 *
 * Invariants:
 *  - The queue is SQLite rows (one per assignment, keyed `taskId#attempt`), so
 *    a re-sent assignment is ignored and a restart loses nothing: rows left
 *    `running` by a dead process are re-queued by the next alarm and run again
 *    (their outputs have fixed names, so a re-run rewrites, never duplicates).
 *  - A result is stored (`finished`) before it is reported, and re-reported by
 *    later alarms until the JobDO acknowledges it (`reported`, a tombstone
 *    pruned after an hour). The JobDO ignores duplicates.
 *  - At most CONCURRENCY tasks run at once; the next task comes from the next
 *    account in round-robin order (oldest task first within an account), so
 *    one account's big job cannot starve another's. A free slot is filled as
 *    soon as a task arrives, not when a running one ends: a long task (a
 *    spinning loop, an mlogin session) never holds back the tasks queued after it.
 *  - A task's /tmp blocks live in this shard's bucket under its attempt's prefix
 *    (scratch.ts): the run deletes them when it ends, and alarms sweep away the
 *    prefixes of attempts no live run owns (a crash or restart cut them short).
 * Tasks run inside `alarm()` — it stops starting tasks after PUMP_MS so every
 * alarm ends well inside the 15-minute alarm limit — and re-arms while work is left.
 */
import { DurableObject } from "cloudflare:workers";
import { assignmentKey, type HeldState, type ShardPort, type TaskAssignment, type TaskReport } from "../../core/jobs/protocol.ts";
import { jobPort } from "../job/port.ts";
import { TaskRun } from "./task.ts";
import { runSessionAgent } from "./session.ts";
import { MEDUSA_AGENT_EXEC } from "../../core/mlogin/protocol.ts";
import { TaskAssignmentSchema, TaskReportSchema } from "../../core/wire/jobs.ts";
import { loopbacksOf, ownerStorage } from "./storage.ts";
import { sweepScratch } from "./scratch.ts";
import { shardBucket } from "../../storage/shards.ts";

const CONCURRENCY = 4;
const PUMP_MS = 4 * 60_000;
const RETRY_REPORT_MS = 2_000;
const TOMBSTONE_MS = 60 * 60_000;
/** How often alarms look for /tmp blocks of dead attempts (the first alarm always does). */
const SWEEP_MS = 60_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS queue (
  key TEXT PRIMARY KEY,
  job_id TEXT NOT NULL,
  login TEXT NOT NULL,
  seq INTEGER NOT NULL,
  state TEXT NOT NULL,
  assignment TEXT NOT NULL,
  report TEXT,
  updated INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS queue_pick ON queue (state, login, seq);
`;

type QueueRow = {
  key: string; // `${taskId}#${attempt}`
  job_id: string;
  login: string;
  seq: number; // arrival order
  state: "queued" | "running" | "finished" | "reported";
  assignment: string; // JSON TaskAssignment
  report: string | null; // JSON TaskReport once finished
  updated: number; // ms since epoch
};

export class ShardDO extends DurableObject<Env> implements ShardPort {
  private readonly sql: SqlStorage;
  private readonly running = new Set<string>();
  private readonly dirs = new Set<string>(); // output directories known to exist
  private lastLogin = "";
  private lastSweep = 0;
  /** Wakes a pump waiting on running tasks, so a task that arrives takes a free slot at once. */
  private wakePump: (() => void) | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(SCHEMA);
  }

  async enqueue(sent: TaskAssignment): Promise<{ ok: true }> {
    const a = TaskAssignmentSchema.parse(sent); // crossed RPC: checked before it is queued
    const seq = (this.sql.exec<{ n: number | null }>("SELECT MAX(seq) AS n FROM queue").one().n ?? 0) + 1;
    this.sql.exec(
      "INSERT OR IGNORE INTO queue (key, job_id, login, seq, state, assignment, updated) VALUES (?, ?, ?, ?, 'queued', ?, ?)",
      assignmentKey(a),
      a.jobId,
      a.login,
      seq,
      JSON.stringify(a),
      Date.now(),
    );
    this.wakePump?.();
    await this.ctx.storage.setAlarm(Date.now());
    return { ok: true };
  }

  /**
   * What this shard holds of the given assignments (`taskId#attempt`), asked by a
   * JobDO about the tasks it dispatched here. Asking also heals: a row left
   * `running` by a dead process is queued again, and the alarm is armed if work
   * waits (after a kill -9 nothing else may wake this object).
   */
  async holds(keys: string[]): Promise<Record<string, HeldState>> {
    const out: Record<string, HeldState> = {};
    let wake = false;
    for (const key of keys) {
      const row = this.sql.exec<{ state: QueueRow["state"] }>("SELECT state FROM queue WHERE key = ?", key).toArray()[0];
      if (!row) {
        out[key] = "missing";
        continue;
      }
      if (row.state === "running" && !this.running.has(key)) {
        this.sql.exec("UPDATE queue SET state = 'queued' WHERE key = ?", key);
        row.state = "queued";
        this.wakePump?.();
      }
      if (row.state === "queued" || row.state === "finished") wake = true;
      out[key] = row.state;
    }
    if (wake && (await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now());
    return out;
  }

  /** Queued plus running assignments: the placement load. */
  async load(): Promise<number> {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM queue WHERE state IN ('queued','running')").one().n;
  }

  /** A cancelled job's queued tasks never start (running ones finish; the JobDO ignores them). */
  async cancelJob(jobId: string): Promise<void> {
    this.sql.exec("DELETE FROM queue WHERE job_id = ? AND state = 'queued'", jobId);
  }

  /** Deletes /tmp blocks no live run owns; answers how many (also called by tests). */
  async sweepScratch(): Promise<number> {
    const shard = Number(this.ctx.id.name?.replace(/^shard-/, ""));
    if (!Number.isInteger(shard)) return 0;
    return sweepScratch(shardBucket(this.env, shard), this.running);
  }

  private pick(): QueueRow | null {
    const next =
      this.sql.exec<{ login: string }>("SELECT login FROM queue WHERE state = 'queued' AND login > ? ORDER BY login LIMIT 1", this.lastLogin).toArray()[0] ??
      this.sql.exec<{ login: string }>("SELECT login FROM queue WHERE state = 'queued' ORDER BY login LIMIT 1").toArray()[0];
    if (!next) return null;
    this.lastLogin = next.login;
    return this.sql.exec<QueueRow>("SELECT * FROM queue WHERE state = 'queued' AND login = ? ORDER BY seq LIMIT 1", next.login).toArray()[0] ?? null;
  }

  async alarm(): Promise<void> {
    // Rows `running` without a live run here were interrupted by a restart.
    for (const r of this.sql.exec<{ key: string }>("SELECT key FROM queue WHERE state = 'running'").toArray()) {
      if (!this.running.has(r.key)) this.sql.exec("UPDATE queue SET state = 'queued' WHERE key = ?", r.key);
    }
    this.sql.exec("DELETE FROM queue WHERE state = 'reported' AND updated < ?", Date.now() - TOMBSTONE_MS);
    if (Date.now() - this.lastSweep >= SWEEP_MS) {
      this.lastSweep = Date.now();
      await this.sweepScratch().catch((err: unknown) => console.error(JSON.stringify({ sweep: String(err) })));
    }
    const unreported = this.sql.exec<QueueRow>("SELECT * FROM queue WHERE state = 'finished'").toArray();
    await Promise.all(unreported.map((r) => this.deliver(r.key, TaskReportSchema.parse(JSON.parse(r.report!)))));
    await this.pump();
    const left = this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM queue WHERE state IN ('queued','finished')").one().n;
    if (left > 0) await this.ctx.storage.setAlarm(Date.now() + RETRY_REPORT_MS);
  }

  private async pump(): Promise<void> {
    const deadline = Date.now() + PUMP_MS;
    const active = new Map<string, Promise<void>>();
    // An mlogin session mostly waits for keystrokes, for up to its idle timeout: it takes no task
    // slot, and while one is open this alarm goes on starting tasks past PUMP_MS.
    let sessions = 0;
    for (;;) {
      while (active.size - sessions < CONCURRENCY && (Date.now() < deadline || sessions > 0)) {
        const row = this.pick();
        if (!row) break;
        this.sql.exec("UPDATE queue SET state = 'running', updated = ? WHERE key = ?", Date.now(), row.key);
        this.running.add(row.key);
        const session = (JSON.parse(row.assignment) as { exec?: unknown }).exec === MEDUSA_AGENT_EXEC;
        if (session) sessions++;
        const run = this.runOne(row).finally(() => {
          if (session) sessions--;
          this.running.delete(row.key);
          active.delete(row.key);
        });
        active.set(row.key, run);
      }
      if (active.size === 0) return;
      const arrived = new Promise<void>((r) => (this.wakePump = r));
      await Promise.race([...active.values(), arrived]);
      this.wakePump = null;
    }
  }

  private async runOne(row: QueueRow): Promise<void> {
    const a = TaskAssignmentSchema.parse(JSON.parse(row.assignment));
    let report: TaskReport;
    const loopbacks = loopbacksOf(this.ctx);
    const storage = ownerStorage(loopbacks, a.login);
    try {
      report =
        a.exec === MEDUSA_AGENT_EXEC
          ? await runSessionAgent(this.env, a, loopbacks.default, storage)
          : await new TaskRun(this.env, a.shard, a, jobPort(this.env, a.jobId), this.dirs, storage).run();
    } catch (err) {
      console.error(JSON.stringify({ shard: a.shard, task: a.taskId, error: String(err), stack: (err as Error)?.stack }));
      report = { jobId: a.jobId, taskId: a.taskId, attempt: a.attempt, shard: a.shard, outcome: "internal", error: { code: "InternalError", message: String(err) }, stderr: null, outputs: [], bytesLocal: 0, bytesRemote: 0 };
    }
    this.sql.exec("UPDATE queue SET state = 'finished', report = ?, updated = ? WHERE key = ?", JSON.stringify(report), Date.now(), row.key);
    await this.deliver(row.key, report);
  }

  private async deliver(key: string, report: TaskReport): Promise<void> {
    try {
      await jobPort(this.env, report.jobId).report(report);
      this.sql.exec("UPDATE queue SET state = 'reported', report = NULL, updated = ? WHERE key = ?", Date.now(), key);
    } catch (err) {
      console.error(JSON.stringify({ shard: report.shard, task: key, report: String(err) }));
    }
  }
}
