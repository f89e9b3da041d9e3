/**
 * A directory entry: what a DirectoryDO stores for each child name, and how it
 * is shown in Manta listings (muskie common.js readdir field order).
 */

/** Where an object's bytes live: one blob (N copies on N shards), or parts of a committed MPU. */
export interface BlobRef {
  id: string; // immutable blob id (uuid)
  shards: number[]; // shard indexes holding a copy
  size: number; // bytes
  parts?: BlobRef[]; // composite object: parts in order (each a blob of its own)
}

export interface ObjectEntry {
  type: "object";
  name: string;
  etag: string;
  size: number;
  contentType: string;
  contentMD5: string; // base64
  mtime: number; // ms since epoch
  durability: number; // copies; 0 for empty objects (no blob)
  blob: BlobRef | null; // null for zero-byte objects
  headers: Record<string, string>; // user headers: m-*, CORS, cache-control, content-disposition, ...
}

export interface DirectoryEntry {
  type: "directory";
  name: string;
  mtime: number;
  headers: Record<string, string>;
}

export type Entry = ObjectEntry | DirectoryEntry;

export const EMPTY_MD5 = "1B2M2Y8AsgTpgAmY7PhCfg==";

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** One line of a directory listing, fields in Manta's order. */
export function listingLine(e: Entry): string {
  if (e.type === "directory") {
    return JSON.stringify({ name: e.name, type: "directory", mtime: isoTime(e.mtime) });
  }
  const line: Record<string, unknown> = {
    name: e.name,
    etag: e.etag,
    size: e.size,
    type: "object",
    contentType: e.contentType,
  };
  if (e.headers["content-disposition"]) line.contentDisposition = e.headers["content-disposition"];
  line.contentMD5 = e.contentMD5;
  line.mtime = isoTime(e.mtime);
  line.durability = e.durability;
  return JSON.stringify(line);
}
