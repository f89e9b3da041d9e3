/**
 * DirectoryDO — one per directory, the authority for its own children.
 *
 * Invariants:
 *  - A directory accepts new children only while it is live. `retire` (rmdir)
 *    flips it to dead only when it has no children, in one synchronous step, so
 *    a racing PUT into it either lands first (and rmdir fails with
 *    DirectoryNotEmpty) or finds it dead (DirectoryDoesNotExist). No object can
 *    end up inside a deleted directory.
 *  - Names are swapped atomically: `putObject` re-checks conditions against the
 *    current row and replaces it in one transaction, returning the blob the name
 *    used to point at so the caller can release it (never before the swap).
 *  - Listing reads only one page from an index (O(page)); the child count is
 *    kept in `meta`, not counted.
 */
import { SqliteObject } from "./sqlite-object.ts";
import { assertWritable, type Conditions } from "../core/conditional.ts";
import type { BlobRef, DirectoryEntry, Entry, ObjectEntry } from "../core/entry.ts";
import { attempt, fail, MantaError, type Result } from "../core/errors.ts";
import type { ListOptions } from "../core/listing.ts";
import { isImplicitDirectory, joinPath } from "../core/paths.ts";
import { SCHEMA, rowToEntry, type EntryRow } from "./directory-schema.ts";

const MAX_ENTRIES = 1_000_000;

export type Inspection = { live: boolean; entry: Entry | null };

export class DirectoryDO extends SqliteObject {
  /** `/LOGIN/stor`, `/LOGIN/public`, ... are live without being created; this object knows it by its own name. */
  private readonly implicit: boolean;
  /** This directory's path: messages name what they are about, ready for the client. */
  private readonly path: string;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, SCHEMA);
    const name = ctx.id.name;
    if (name === undefined) throw new Error("DirectoryDO must be addressed by its path (getByName)");
    this.implicit = isImplicitDirectory(name);
    this.path = name;
  }

  private meta(key: string): string | null {
    const row = this.sql.exec<{ v: string }>("SELECT v FROM meta WHERE k = ?", key).toArray()[0];
    return row ? row.v : null;
  }

  private setMeta(key: string, value: string): void {
    this.sql.exec("INSERT INTO meta (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v", key, value);
  }

  private count(): number {
    return Number(this.meta("count") ?? "0");
  }

  /** What a listing reports as live: as before, a never-created directory counts (the caller decides 404s). */
  private listable(): boolean {
    const state = this.meta("state");
    return state === "live" || state === null;
  }

  private isLive(): boolean {
    const state = this.meta("state");
    return state === "live" || (this.implicit && state === null);
  }

  private child(name: string): string {
    return joinPath(this.path, name);
  }

  private row(name: string): Entry | null {
    const r = this.sql.exec<EntryRow>("SELECT * FROM entries WHERE name = ?", name).toArray()[0];
    return r ? rowToEntry(r) : null;
  }

  async inspect(name: string | null): Promise<Inspection> {
    return { live: this.isLive(), entry: name === null ? null : this.row(name) };
  }

  async activate(): Promise<void> {
    this.setMeta("state", "live");
  }

  /** rmdir, step 1: go dead if empty. */
  async retire(): Promise<Result<{}>> {
    if (!this.isLive()) return { ok: true };
    if (this.count() > 0) return fail("DirectoryNotEmpty", `${this.path} is not empty`);
    this.setMeta("state", "dead");
    return { ok: true };
  }

  private write(e: Entry, replacing: boolean): void {
    const headers = JSON.stringify(e.headers);
    if (e.type === "directory") {
      this.sql.exec(
        `INSERT OR REPLACE INTO entries (name, type, mtime, headers) VALUES (?, 'directory', ?, ?)`,
        e.name,
        e.mtime,
        headers,
      );
    } else {
      this.sql.exec(
        `INSERT OR REPLACE INTO entries
         (name, type, etag, size, content_type, content_md5, mtime, durability, blob, headers)
         VALUES (?, 'object', ?, ?, ?, ?, ?, ?, ?, ?)`,
        e.name,
        e.etag,
        e.size,
        e.contentType,
        e.contentMD5,
        e.mtime,
        e.durability,
        e.blob ? JSON.stringify(e.blob) : null,
        headers,
      );
    }
    if (!replacing) this.setMeta("count", String(this.count() + 1));
  }

  /** Swap a name to a new object. Returns the blob the name pointed at before, if any. */
  async putObject(entry: ObjectEntry, cond: Conditions): Promise<Result<{ old: BlobRef | null }>> {
    if (!this.isLive()) return fail("DirectoryDoesNotExist", `${this.path} does not exist`);
    const current = this.row(entry.name);
    if (current?.type === "directory") {
      return fail("OperationNotAllowedOnDirectory", `${this.child(entry.name)} is a directory: PUT is not allowed`);
    }
    return attempt(() => {
      assertWritable(cond, current ? { etag: current.etag, mtime: current.mtime } : null);
      if (!current && this.count() >= MAX_ENTRIES) throw new MantaError("DirectoryLimitExceeded", `${this.path} is full`);
      this.write(entry, current !== null);
      return { old: current?.type === "object" ? current.blob : null };
    });
  }

  /** mkdir: idempotent on an existing directory; refuses to shadow an object. */
  async putDirectory(entry: DirectoryEntry): Promise<Result<{ created: boolean }>> {
    if (!this.isLive()) return fail("DirectoryDoesNotExist", `${this.path} does not exist`);
    const current = this.row(entry.name);
    if (current?.type === "object") return fail("InvalidUpdate", `${this.child(entry.name)} is an object, not a directory`);
    if (current) return { ok: true, created: false };
    if (this.count() >= MAX_ENTRIES) return fail("DirectoryLimitExceeded", `${this.path} is full`);
    this.write(entry, false);
    return { ok: true, created: true };
  }

  /** Replace the user headers (and optionally content-type) of an entry. */
  async putMetadata(name: string, headers: Record<string, string>, contentType: string | null): Promise<Result<{ entry: Entry }>> {
    const current = this.row(name);
    if (!current) return fail("ResourceNotFound", `${this.child(name)} was not found`);
    const next: Entry =
      current.type === "object"
        ? { ...current, headers, ...(contentType ? { contentType } : {}) }
        : { ...current, headers };
    this.write(next, true);
    return { ok: true, entry: next };
  }

  /** Remove a name. Returns the removed entry (for blob release). */
  async remove(name: string, cond: Conditions, expectType: "object" | "directory" | null): Promise<Result<{ entry: Entry }>> {
    const current = this.row(name);
    if (!current) return fail("ResourceNotFound", `${this.child(name)} was not found`);
    if (expectType && current.type !== expectType) return fail("ConcurrentRequest", `${this.child(name)} changed during the request`);
    return attempt(() => {
      assertWritable(cond, current.type === "object" ? { etag: current.etag, mtime: current.mtime } : { etag: "", mtime: current.mtime });
      this.sql.exec("DELETE FROM entries WHERE name = ?", name);
      this.setMeta("count", String(Math.max(0, this.count() - 1)));
      return { entry: current };
    });
  }

  /** One page of the listing, plus the total number of children. */
  async list(opts: ListOptions): Promise<{ entries: Entry[]; total: number; live: boolean }> {
    const where: string[] = [];
    const args: Array<string | number> = [];
    // Name order ascends by default; mtime order is newest first; "reverse" flips either.
    const descending = (opts.sortBy === "mtime") !== opts.reverse;
    if (opts.only) {
      where.push("type = ?");
      args.push(opts.only);
    }
    if (opts.marker !== undefined) {
      if (opts.sortBy === "name") {
        where.push(descending ? "name <= ?" : "name >= ?");
        args.push(opts.marker);
      } else {
        where.push(descending ? "mtime <= ?" : "mtime >= ?");
        args.push(Date.parse(opts.marker));
      }
    }
    const dir = descending ? "DESC" : "ASC";
    const order = opts.sortBy === "name" ? `name ${dir}` : `mtime ${dir}, name ${dir}`;
    const query = `SELECT * FROM entries ${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY ${order} LIMIT ?`;
    const rows = this.sql.exec<EntryRow>(query, ...args, opts.limit).toArray();
    return { entries: rows.map(rowToEntry), total: this.count(), live: this.listable() };
  }
}
