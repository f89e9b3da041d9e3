/** JobDO's SQLite schema and row types. One row per input, task, output and error: nothing is held in memory. */

export const JOB_SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS inputs (seq INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tasks (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  phase INTEGER NOT NULL,
  kind TEXT NOT NULL,
  input TEXT,
  p0input TEXT,
  reducer INTEGER,
  state TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  shard INTEGER,
  dispatched_at INTEGER
);
CREATE INDEX IF NOT EXISTS tasks_state ON tasks (state, seq);
CREATE INDEX IF NOT EXISTS tasks_phase ON tasks (phase, state);
CREATE TABLE IF NOT EXISTS outputs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  task_id TEXT NOT NULL,
  phase INTEGER NOT NULL,
  key TEXT NOT NULL,
  p0input TEXT,
  reducer INTEGER
);
CREATE INDEX IF NOT EXISTS outputs_route ON outputs (phase, reducer, seq);
CREATE TABLE IF NOT EXISTS errors (seq INTEGER PRIMARY KEY AUTOINCREMENT, task_id TEXT NOT NULL, p0input TEXT, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reducers (phase INTEGER PRIMARY KEY);
`;

export type TaskState = "pending" | "dispatched" | "done" | "failed" | "cancelled";

export type TaskRow = {
  id: string; // task uuid (appears in output names)
  seq: number; // creation order
  phase: number;
  kind: "map" | "reduce";
  input: string | null; // map: object path
  p0input: string | null; // the job input this task descends from
  reducer: number | null; // reduce: index
  state: TaskState;
  attempt: number; // current attempt, from 1
  shard: number | null; // where the current attempt was sent
  dispatched_at: number | null; // ms since epoch
};

/** Outputs of phase p feed phase p+1; phase -1 rows are job inputs routed to a first-phase reducer. */
export type OutputRow = {
  seq: number;
  task_id: string;
  phase: number;
  key: string; // object path
  p0input: string | null;
  reducer: number | null; // reducer of phase+1, when that phase reduces
};
