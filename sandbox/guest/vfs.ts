// The task's file system view. Only what the task may see exists:
//   /tmp            writable, bounded by the phase's disk limit, spilling to storage (scratch.ts)
//   /assets/...     read-only copies of the job's assets
//   /manta/...      read-only: the map input at its Manta path, read lazily
//   /dev/null
// Paths resolve component by component from a starting directory; `..` can
// never climb above that directory (WASI capability rule: ENOTCAPABLE), and
// nothing else of the host is reachable because nothing else is in the tree.
import type { ScratchDisk } from "./scratch.ts";
import { ERRNO } from "./wasi/constants.ts";

export class FsError extends Error {
  /** The path as the program named it, where the caller knows it (native programs' messages). */
  path?: string;
  constructor(readonly errno: number, message: string) {
    super(message);
  }
}

let nextIno = 1;
export const newIno = (): number => nextIno++;

export interface DirNode {
  kind: "dir";
  ino: number;
  writable: boolean;
  entries: Map<string, VNode>;
  mtimeMs: number;
}

export interface FileNode {
  kind: "file";
  ino: number;
  writable: boolean;
  mtimeMs: number;
  size(): number;
  /** May return fewer bytes than asked (at a block edge); empty only at the end. */
  read(offset: number, length: number): Promise<Uint8Array> | Uint8Array;
  /** Writes at `offset` (at the end when null); resolves with the offset after the data. */
  write?(offset: number | null, data: Uint8Array): Promise<number>;
  truncate?(size: number): Promise<void>;
  /** Called when the node leaves the tree (unlink, rename over). */
  release?(): void;
}

export interface DevNullNode {
  kind: "devnull";
  ino: number;
  mtimeMs: number;
}

export type VNode = DirNode | FileNode | DevNullNode;

export function dir(writable: boolean): DirNode {
  return { kind: "dir", ino: nextIno++, writable, entries: new Map(), mtimeMs: Date.now() };
}

export function constFile(bytes: Uint8Array): FileNode {
  return {
    kind: "file", ino: nextIno++, writable: false, mtimeMs: Date.now(),
    size: () => bytes.length,
    read: (off, len) => bytes.subarray(Math.min(off, bytes.length), Math.min(off + len, bytes.length)),
  };
}

/** A read-only file fetched lazily in aligned blocks through a capability. */
export function remoteFile(size: number, fetch: (offset: number, length: number) => Promise<Uint8Array>): FileNode {
  const BLOCK = 1 << 20;
  let cached: { start: number; bytes: Uint8Array } | null = null;
  return {
    kind: "file", ino: nextIno++, writable: false, mtimeMs: Date.now(),
    size: () => size,
    async read(off, len) {
      if (off >= size || len <= 0) return new Uint8Array(0);
      if (!cached || off < cached.start || off >= cached.start + cached.bytes.length) {
        const start = off - (off % BLOCK);
        cached = { start, bytes: await fetch(start, Math.min(BLOCK, size - start)) };
      }
      const rel = off - cached.start;
      return cached.bytes.subarray(rel, Math.min(rel + len, cached.bytes.length));
    },
  };
}

export interface Resolved {
  parent: DirNode;
  name: string; // "." when the path names `start` itself
  node: VNode | undefined;
}

/**
 * Resolves `path` (relative; leading slashes are ignored) from `start`.
 * Every component but the last must exist and be a directory.
 */
export function resolve(start: DirNode, path: string): Resolved {
  const parts = path.split("/").filter((p) => p !== "" && p !== ".");
  const stack: DirNode[] = [start];
  if (parts.length === 0) return { parent: start, name: ".", node: start };
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i];
    const cur = stack[stack.length - 1];
    if (part === "..") {
      if (stack.length === 1) throw new FsError(ERRNO.NOTCAPABLE, "Path escapes its directory");
      stack.pop();
      continue;
    }
    const next = cur.entries.get(part);
    if (!next) throw new FsError(ERRNO.NOENT, "No such file or directory");
    if (next.kind !== "dir") throw new FsError(ERRNO.NOTDIR, "Not a directory");
    stack.push(next);
  }
  const last = parts[parts.length - 1];
  if (last === "..") {
    if (stack.length === 1) throw new FsError(ERRNO.NOTCAPABLE, "Path escapes its directory");
    stack.pop();
    const target = stack[stack.length - 1];
    return { parent: target, name: ".", node: target };
  }
  const parent = stack[stack.length - 1];
  return { parent, name: last, node: parent.entries.get(last) };
}

/** rm of one file, `r` as resolve() found it (a WASI program's unlink, gzip's removal of its input). */
export function unlinkFile(r: Resolved): void {
  if (!r.node) throw new FsError(ERRNO.NOENT, "No such file or directory");
  if (r.node.kind === "dir") throw new FsError(ERRNO.ISDIR, "Is a directory");
  if (!r.parent.writable) throw new FsError(ERRNO.ROFS, "Read-only file system");
  r.parent.entries.delete(r.name);
  if (r.node.kind === "file") r.node.release?.();
}

/** Joins a shell path with its cwd into an absolute path string. */
export function absolute(path: string, cwd: string): string {
  return path.startsWith("/") ? path : `${cwd.replace(/\/+$/, "")}/${path}`;
}

/** Creates directories along `path` (absolute) and places `node` at its end. */
export function mount(root: DirNode, path: string, node: VNode): void {
  const parts = path.split("/").filter((p) => p && p !== "." && p !== "..");
  let cur = root;
  for (const part of parts.slice(0, -1)) {
    let next = cur.entries.get(part);
    if (!next) cur.entries.set(part, (next = dir(false)));
    if (next.kind !== "dir") return;
    cur = next;
  }
  if (parts.length) cur.entries.set(parts[parts.length - 1], node);
}

export interface TaskFs {
  root: DirNode;
  /** Where /tmp's files live (scratch.ts). */
  disk: ScratchDisk;
}

export function buildFs(opts: {
  disk: ScratchDisk;
  assets: Record<string, ArrayBuffer>;
  input: { path: string; size: number; read: (o: number, l: number) => Promise<Uint8Array> } | null;
}): TaskFs {
  const root = dir(false);
  root.entries.set("tmp", dir(true));
  root.entries.set("assets", dir(false));
  root.entries.set("manta", dir(false));
  const dev = dir(false);
  dev.entries.set("null", { kind: "devnull", ino: nextIno++, mtimeMs: Date.now() });
  root.entries.set("dev", dev);
  for (const [path, bytes] of Object.entries(opts.assets)) {
    mount(root, `/assets/${path.replace(/^\/+(assets\/)?/, "")}`, constFile(new Uint8Array(bytes)));
  }
  if (opts.input && opts.input.path.startsWith("/manta/")) {
    mount(root, opts.input.path, remoteFile(opts.input.size, opts.input.read));
  }
  return { root, disk: opts.disk };
}
