/**
 * BlobRefsDO — reference counts for blobs shared by several names (snaplinks),
 * sharded by blob id so no single object sees every write.
 *
 * A blob written by a PUT starts with one implicit reference (no row). A
 * snaplink `retain`s it (row count ≥ 2); dropping a name `release`s it. When
 * the count reaches zero the row becomes a tombstone (count 0) so a late
 * `retain` fails instead of resurrecting a blob that is being deleted, and the
 * copies are deleted — only then, never earlier.
 *
 * A composite blob (a committed multipart upload) holds one reference to each
 * of its parts: the one its part name had (the commit drops the part names
 * without releasing them). Its last release releases each part in turn, so a
 * part that another name still references (a snaplink made before the commit)
 * survives it.
 */
import { SqliteObject } from "./sqlite-object.ts";
import type { BlobRef } from "../core/entry.ts";
import { fail, type Result } from "../core/errors.ts";
import { R2BlobStore } from "../storage/r2-blob-store.ts";

export class BlobRefsDO extends SqliteObject {

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, "CREATE TABLE IF NOT EXISTS refs (id TEXT PRIMARY KEY, count INTEGER NOT NULL) WITHOUT ROWID");
  }

  private count(id: string): number | null {
    const row = this.sql.exec<{ count: number }>("SELECT count FROM refs WHERE id = ?", id).toArray()[0];
    return row ? row.count : null;
  }

  private set(id: string, count: number): void {
    this.sql.exec("INSERT OR REPLACE INTO refs (id, count) VALUES (?, ?)", id, count);
  }

  async retain(id: string): Promise<Result<{}>> {
    const n = this.count(id);
    if (n === 0) return fail("SourceObjectNotFound", "the source object was removed");
    this.set(id, (n ?? 1) + 1);
    return { ok: true };
  }

  /** Drop one reference; deletes the copies when it was the last. */
  async release(blob: BlobRef): Promise<{ reclaimed: boolean }> {
    const n = this.count(blob.id) ?? 1;
    if (n <= 0) return { reclaimed: false };
    this.set(blob.id, n - 1);
    if (n - 1 > 0) return { reclaimed: false };
    if (blob.parts) {
      await Promise.all(blob.parts.map((part) => blobRefs(this.env, part.id).release(part)));
      return { reclaimed: true };
    }
    await new R2BlobStore(this.env).delete(blob);
    return { reclaimed: true };
  }
}

/** Reference counts are sharded by the blob id's first hex digit. */
export function blobRefs(env: Env, blobId: string): DurableObjectStub<BlobRefsDO> {
  return env.BLOB_REFS.getByName(`refs-${blobId.slice(0, 1)}`) as DurableObjectStub<BlobRefsDO>;
}
