// /tmp: the task's scratch disk, bounded by the phase's `disk` and backed by storage.
//
// A file is a list of BLOCK-sized blocks. A block is resident (bytes in isolate memory),
// stored (one immutable object behind the scratch capability: the ShardDO keeps it in its
// bucket under the task's own prefix and deletes the prefix when the task ends), or a hole
// (zeros). Files start resident, so small ones never leave memory. Once the resident bytes of
// all /tmp files pass RESIDENT_BYTES, the least recently written blocks are written back to
// storage until they fit again: a file written sequentially (sort's runs, split's pieces) keeps
// only its growing last block in memory. Reads of a stored block fetch WINDOW bytes at a time
// and leave the block stored; a write into a stored block brings it back (read, modify, and a
// new object on its next write-back), which is slow but correct for random rewrites.
//
// The quota counts every /tmp byte, resident or stored. One operation runs at a time
// (`exclusive`), so a block never changes state under an operation that is awaiting storage.
// Without a scratch capability (mlogin, the operator's sandbox route) every block stays
// resident and the quota is capped at MEMORY_ONLY_BYTES.
import type { ScratchCall } from "../protocol.ts";
import { ERRNO } from "./wasi/constants.ts";
import { FsError, newIno, type FileNode } from "./vfs.ts";

export const BLOCK = 4 << 20;
/** Bytes fetched per read of a stored block: a merge reading 32 runs holds 32 windows. */
export const WINDOW = 1 << 20;
/** Resident /tmp bytes (block buffers) above which blocks are written back to storage. */
export const RESIDENT_BYTES = 16 << 20;
/** The quota's cap when /tmp has no storage behind it and lives in isolate memory. */
export const MEMORY_ONLY_BYTES = 256 << 20;

interface Block {
  file: ScratchFile;
  index: number;
  mem: Uint8Array | null; // resident bytes; past the block's length always zero
  key: string | null; // stored object, holding the block's first `stored` bytes
  stored: number;
}

const EMPTY = new Uint8Array(0);

export class ScratchDisk {
  used = 0;
  resident = 0;
  /** Resident blocks, least recently written first. */
  private readonly lru = new Set<Block>();
  private lock: Promise<unknown> = Promise.resolve();
  private seq = 0;
  private warned = false;
  readonly limit: number;

  constructor(
    diskBytes: number,
    private readonly store: ScratchCall | null,
    /** Told once, the first time the quota refuses a write (the task's stderr gets a note). */
    private readonly onFull: (message: string) => void = () => {},
    private readonly residentBytes = RESIDENT_BYTES,
  ) {
    this.limit = store ? diskBytes : Math.min(diskBytes, MEMORY_ONLY_BYTES);
  }

  newFile(): FileNode {
    return new ScratchFile(this);
  }

  /** Runs `fn` after every earlier /tmp operation has finished. */
  exclusive<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.lock.then(fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  reserve(delta: number): void {
    if (delta > 0 && this.used + delta > this.limit) {
      if (!this.warned) {
        this.warned = true;
        this.onFull(`/tmp is full: the phase's disk limit is ${describe(this.limit)}${this.store ? "" : " (kept in memory here)"}`);
      }
      throw new FsError(ERRNO.NOSPC, "No space left on device");
    }
    this.used += delta;
  }

  touch(b: Block): void {
    this.lru.delete(b);
    this.lru.add(b);
  }

  forget(b: Block): void {
    if (b.mem) this.resident -= b.mem.length;
    this.lru.delete(b);
    b.mem = null;
    if (b.key) this.drop(b.key);
    b.key = null;
    b.stored = 0;
  }

  drop(key: string): void {
    this.store?.({ op: "drop", names: [key] }).catch(() => undefined);
  }

  async get(key: string, offset: number, length: number): Promise<Uint8Array> {
    const bytes = await this.store!({ op: "get", name: key, offset, length });
    if (!bytes || bytes.length !== length) throw new FsError(ERRNO.IO, "scratch block lost");
    return bytes;
  }

  /** Writes back least recently written blocks until the resident bytes fit. */
  async balance(): Promise<void> {
    if (!this.store) return;
    while (this.resident > this.residentBytes) {
      const b = this.lru.values().next().value;
      if (!b) return;
      await this.writeBack(b);
    }
  }

  private async writeBack(b: Block): Promise<void> {
    const len = b.file.blockLength(b.index);
    const mem = b.mem!;
    if (len > 0) {
      const key = `${(this.seq++).toString(36)}`;
      await this.store!({ op: "put", name: key, bytes: len === mem.length ? mem : mem.slice(0, len) });
      b.key = key;
      b.stored = len;
    }
    this.resident -= mem.length;
    this.lru.delete(b);
    b.mem = null;
  }

  /** Makes block `b` resident with room for `upto` bytes. */
  async hold(b: Block, upto: number): Promise<Uint8Array> {
    if (!b.mem) {
      const len = b.key ? Math.min(b.stored, b.file.blockLength(b.index)) : 0;
      const cap = grownCapacity(0, Math.max(upto, len));
      const mem = new Uint8Array(cap);
      if (b.key) {
        if (len > 0) mem.set(await this.get(b.key, 0, len));
        this.drop(b.key);
        b.key = null;
        b.stored = 0;
      }
      b.mem = mem;
      this.resident += cap;
    } else if (b.mem.length < upto) {
      const mem = new Uint8Array(grownCapacity(b.mem.length, upto));
      mem.set(b.mem);
      this.resident += mem.length - b.mem.length;
      b.mem = mem;
    }
    this.touch(b);
    return b.mem;
  }
}

function grownCapacity(cap: number, upto: number): number {
  return Math.min(BLOCK, Math.max(upto, cap * 2, 64 << 10));
}

function describe(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  if (gib >= 1 && Number.isInteger(gib)) return `${gib} GiB`;
  return bytes >= 1 << 20 ? `${Math.round(bytes / 1024 ** 2)} MiB` : `${bytes} bytes`;
}

class ScratchFile implements FileNode {
  readonly kind = "file" as const;
  readonly ino = newIno();
  readonly writable = true;
  mtimeMs = Date.now();
  private blocks: Block[] = [];
  private length = 0;
  private window: { key: string; start: number; bytes: Uint8Array } | null = null;

  constructor(private readonly disk: ScratchDisk) {}

  size(): number {
    return this.length;
  }

  blockLength(i: number): number {
    return Math.max(0, Math.min(BLOCK, this.length - i * BLOCK));
  }

  /** Up to the end of the block holding `offset` (a short read, as at any block edge). */
  read(offset: number, length: number): Promise<Uint8Array> {
    return this.disk.exclusive(async () => {
      if (offset >= this.length || length <= 0) return EMPTY;
      const i = Math.floor(offset / BLOCK);
      const at = offset - i * BLOCK;
      const n = Math.min(length, this.blockLength(i) - at);
      const b = this.blocks[i];
      if (b.mem) return b.mem.slice(at, at + n);
      if (!b.key || at >= b.stored) return new Uint8Array(n); // a hole, or past what was stored: zeros
      const w = this.window;
      if (!w || w.key !== b.key || at < w.start || at >= w.start + w.bytes.length) {
        const start = at - (at % WINDOW);
        this.window = { key: b.key, start, bytes: await this.disk.get(b.key, start, Math.min(WINDOW, b.stored - start)) };
      }
      const win = this.window!;
      return win.bytes.slice(at - win.start, Math.min(at - win.start + n, win.bytes.length));
    });
  }

  /** Writes at `offset`, or at the end when it is null; resolves with the offset after the data. */
  write(offset: number | null, data: Uint8Array): Promise<number> {
    return this.disk.exclusive(async () => {
      const start = offset ?? this.length;
      const end = start + data.length;
      if (end > this.length) this.resize(end);
      let done = 0;
      while (done < data.length) {
        const pos = start + done;
        const i = Math.floor(pos / BLOCK);
        const at = pos - i * BLOCK;
        const n = Math.min(data.length - done, BLOCK - at);
        const mem = await this.disk.hold(this.blocks[i], at + n);
        mem.set(data.subarray(done, done + n), at);
        done += n;
      }
      this.mtimeMs = Date.now();
      await this.disk.balance();
      return end;
    });
  }

  truncate(size: number): Promise<void> {
    return this.disk.exclusive(() => {
      this.resize(size);
      this.mtimeMs = Date.now();
    });
  }

  release(): void {
    void this.disk.exclusive(() => this.resize(0)).catch(() => undefined);
  }

  /** Grows with holes (zeros) or cuts blocks off; the quota follows. */
  private resize(size: number): void {
    if (size > this.length) {
      this.disk.reserve(size - this.length);
      this.length = size;
      while (this.blocks.length * BLOCK < size) this.blocks.push({ file: this, index: this.blocks.length, mem: null, key: null, stored: 0 });
      return;
    }
    this.disk.used -= this.length - size;
    this.length = size;
    const keep = Math.ceil(size / BLOCK);
    for (const b of this.blocks.splice(keep)) this.disk.forget(b);
    const last = this.blocks[keep - 1];
    if (last) {
      const len = this.blockLength(keep - 1);
      last.mem?.fill(0, len);
      if (last.key && last.stored > len) last.stored = len;
    }
    this.window = null;
  }
}
