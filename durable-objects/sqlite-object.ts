/** The shape every SQLite-backed Durable Object here shares: its `sql` handle, with its schema applied on construction. */
import { DurableObject } from "cloudflare:workers";

export abstract class SqliteObject extends DurableObject<Env> {
  protected readonly sql: SqlStorage;

  /** `schema` is idempotent DDL (CREATE ... IF NOT EXISTS), run every time the object starts. */
  constructor(ctx: DurableObjectState, env: Env, schema: string) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(schema);
  }
}
