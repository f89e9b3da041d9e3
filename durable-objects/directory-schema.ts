/** DirectoryDO's SQLite schema and row type, column by column. */
import type { Entry } from "../core/entry.ts";
import { BlobRefSchema, UserHeadersSchema } from "../core/wire/blob.ts";

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
  name TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  etag TEXT,
  size INTEGER,
  content_type TEXT,
  content_md5 TEXT,
  mtime INTEGER NOT NULL,
  durability INTEGER,
  blob TEXT,
  headers TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entries_mtime ON entries (mtime, name);
`;

export type EntryRow = {
  name: string; // child name, UTF-8; BINARY collation gives Manta's byte order
  type: "object" | "directory";
  etag: string | null; // object id (uuid); null for directories
  size: number | null; // bytes
  content_type: string | null;
  content_md5: string | null; // base64
  mtime: number; // ms since epoch
  durability: number | null; // copies (0 for empty objects)
  blob: string | null; // JSON BlobRef; null for directories and empty objects
  headers: string; // JSON Record<string,string> of user headers
};

export function rowToEntry(r: EntryRow): Entry {
  const headers = UserHeadersSchema.parse(JSON.parse(r.headers));
  if (r.type === "directory") return { type: "directory", name: r.name, mtime: r.mtime, headers };
  return {
    type: "object",
    name: r.name,
    etag: r.etag ?? "",
    size: r.size ?? 0,
    contentType: r.content_type ?? "application/octet-stream",
    contentMD5: r.content_md5 ?? "",
    mtime: r.mtime,
    durability: r.durability ?? 0,
    blob: r.blob ? BlobRefSchema.parse(JSON.parse(r.blob)) : null,
    headers,
  };
}
