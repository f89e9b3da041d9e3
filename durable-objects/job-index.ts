/**
 * The account's job list, kept by the JobDO instance named `index:<login>`:
 * one row per job with its state, so `GET /LOGIN/jobs?state=running` reads one
 * index page instead of asking every job.
 */
export type IndexedJob = {
  id: string;
  state: "running" | "done";
  name: string;
  created: number; // ms since epoch
};

export class IndexStore {
  constructor(private readonly sql: SqlStorage) {}

  put(j: IndexedJob): void {
    this.sql.exec(
      "INSERT INTO jobs_index (id, state, name, created) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state",
      j.id,
      j.state,
      j.name,
      j.created,
    );
  }

  list(state: IndexedJob["state"] | null, name: string | null, limit: number): IndexedJob[] {
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
