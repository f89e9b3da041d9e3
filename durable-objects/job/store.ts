/**
 * JobDO's data access: every method is synchronous SQL, so a caller that does
 * not await between two calls changes the job atomically (the DO output gate
 * commits them together).
 */
import type { TaskErrorRecord } from "../../core/jobs/records.ts";
import type { JobRecord } from "../../core/jobs/state.ts";
import { JOB_SCHEMA, type OutputRow, type TaskRow, type TaskState } from "./schema.ts";
import { JobRecordSchema } from "../../core/wire/jobs.ts";

export type LineKind = "in" | "out" | "fail" | "err";

export class JobStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(JOB_SCHEMA);
  }

  job(): JobRecord | null {
    const row = this.sql.exec<{ v: string }>("SELECT v FROM meta WHERE k = 'job'").toArray()[0];
    return row ? JobRecordSchema.parse(JSON.parse(row.v)) : null;
  }

  saveJob(job: JobRecord): void {
    this.sql.exec("INSERT INTO meta (k, v) VALUES ('job', ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v", JSON.stringify(job));
  }

  addInput(path: string): void {
    this.sql.exec("INSERT INTO inputs (path) VALUES (?)", path);
  }

  private nextTaskSeq(): number {
    const row = this.sql.exec<{ n: number | null }>("SELECT MAX(seq) AS n FROM tasks").toArray()[0];
    return (row?.n ?? 0) + 1;
  }

  addTask(t: Pick<TaskRow, "phase" | "kind" | "input" | "p0input" | "reducer">): string {
    const id = crypto.randomUUID();
    this.sql.exec(
      "INSERT INTO tasks (id, seq, phase, kind, input, p0input, reducer, state, attempt) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 1)",
      id,
      this.nextTaskSeq(),
      t.phase,
      t.kind,
      t.input,
      t.p0input,
      t.reducer,
    );
    return id;
  }

  task(id: string): TaskRow | null {
    return this.sql.exec<TaskRow>("SELECT * FROM tasks WHERE id = ?", id).toArray()[0] ?? null;
  }

  tasksIn(state: TaskState, limit: number): TaskRow[] {
    return this.sql.exec<TaskRow>("SELECT * FROM tasks WHERE state = ? ORDER BY seq LIMIT ?", state, limit).toArray();
  }

  count(state: TaskState): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM tasks WHERE state = ?", state).one().n;
  }

  setTask(id: string, fields: Partial<Pick<TaskRow, "state" | "attempt" | "shard" | "dispatched_at">>): void {
    const cols = Object.keys(fields);
    if (cols.length === 0) return;
    const values = cols.map((c) => (fields as Record<string, unknown>)[c] as string | number | null);
    this.sql.exec(`UPDATE tasks SET ${cols.map((c) => `${c} = ?`).join(", ")} WHERE id = ?`, ...values, id);
  }

  /** Unfinished (pending or dispatched) tasks per phase. */
  unfinishedByPhase(): Map<number, number> {
    const rows = this.sql
      .exec<{ phase: number; n: number }>("SELECT phase, COUNT(*) AS n FROM tasks WHERE state IN ('pending','dispatched') GROUP BY phase")
      .toArray();
    return new Map(rows.map((r) => [r.phase, r.n]));
  }

  reducersCreated(phase: number): boolean {
    return this.sql.exec("SELECT phase FROM reducers WHERE phase = ?", phase).toArray().length > 0;
  }

  markReducersCreated(phase: number): void {
    this.sql.exec("INSERT OR IGNORE INTO reducers (phase) VALUES (?)", phase);
  }

  cancelUnfinished(): void {
    this.sql.exec("UPDATE tasks SET state = 'cancelled' WHERE state IN ('pending','dispatched')");
  }

  shardsOfCancelled(): number[] {
    return this.sql
      .exec<{ shard: number }>("SELECT DISTINCT shard FROM tasks WHERE state = 'cancelled' AND shard IS NOT NULL")
      .toArray()
      .map((r) => r.shard);
  }

  addOutput(o: Omit<OutputRow, "seq">): void {
    this.sql.exec("INSERT INTO outputs (task_id, phase, key, p0input, reducer) VALUES (?, ?, ?, ?, ?)", o.task_id, o.phase, o.key, o.p0input, o.reducer);
  }

  /** The inputs routed to one reducer of `phase` (outputs of phase-1), in order, one page. */
  reducerInputs(phase: number, reducer: number, after: number, limit: number): OutputRow[] {
    return this.sql
      .exec<OutputRow>("SELECT * FROM outputs WHERE phase = ? AND reducer = ? AND seq > ? ORDER BY seq LIMIT ?", phase - 1, reducer, after, limit)
      .toArray();
  }

  addError(r: TaskErrorRecord): void {
    this.sql.exec("INSERT INTO errors (task_id, p0input, record) VALUES (?, ?, ?)", r.taskId, r.p0input, JSON.stringify(r));
  }

  /** One page of a live/* listing: rows after `after` (a seq), each with its seq. */
  page(kind: LineKind, lastPhase: number, after: number, limit: number): Array<{ seq: number; value: string }> {
    switch (kind) {
      case "in":
        return this.sql.exec<{ seq: number; value: string }>("SELECT seq, path AS value FROM inputs WHERE seq > ? ORDER BY seq LIMIT ?", after, limit).toArray();
      case "out":
        return this.sql
          .exec<{ seq: number; value: string }>("SELECT seq, key AS value FROM outputs WHERE phase = ? AND seq > ? ORDER BY seq LIMIT ?", lastPhase, after, limit)
          .toArray();
      case "fail":
        return this.sql
          .exec<{ seq: number; value: string }>("SELECT seq, p0input AS value FROM errors WHERE p0input IS NOT NULL AND seq > ? ORDER BY seq LIMIT ?", after, limit)
          .toArray();
      case "err":
        return this.sql.exec<{ seq: number; value: string }>("SELECT seq, record AS value FROM errors WHERE seq > ? ORDER BY seq LIMIT ?", after, limit).toArray();
    }
  }
}
