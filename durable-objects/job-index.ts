/**
 * JobIndexDO — one per account (name = login): the account's job list, one row
 * per job with its state, so `GET /LOGIN/jobs?state=running` reads one index
 * page instead of asking every job. Written when a job is created and when it
 * is archived; a job is listed as running until its JobDO says otherwise.
 */
import { SqliteObject } from "./sqlite-object.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs_index (id TEXT PRIMARY KEY, state TEXT NOT NULL, name TEXT NOT NULL, created INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS jobs_index_state ON jobs_index (state, created);
`;
export type IndexedJob = {
  id: string;
  state: "running" | "done";
  name: string;
  created: number; // ms since epoch
};

export class JobIndexDO extends SqliteObject {

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, SCHEMA);
  }

  async put(j: IndexedJob): Promise<void> {
    this.sql.exec(
      "INSERT INTO jobs_index (id, state, name, created) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state",
      j.id,
      j.state,
      j.name,
      j.created,
    );
  }

  async list(state: IndexedJob["state"] | null, name: string | null, limit: number): Promise<IndexedJob[]> {
    const where: string[] = [];
    const args: Array<string | number> = [];
    if (state) {
      where.push("state = ?");
      args.push(state);
    }
    if (name !== null) {
      where.push("name = ?");
      args.push(name);
    }
    const sql = `SELECT * FROM jobs_index ${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY created DESC LIMIT ?`;
    return this.sql.exec<IndexedJob>(sql, ...args, limit).toArray();
  }
}

export function indexStub(env: Env, login: string): DurableObjectStub<JobIndexDO> {
  return env.JOB_INDEX.getByName(login) as DurableObjectStub<JobIndexDO>;
}
