// /tmp's files (sandbox/guest/scratch.ts) over a stand-in for the ShardDO's scratch storage:
// the quota, write-back to storage past the resident bound, reads and rewrites of stored blocks.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { BLOCK, MEMORY_ONLY_BYTES, ScratchDisk } from "../../sandbox/guest/scratch.ts";
import { FsError, type FileNode } from "../../sandbox/guest/vfs.ts";
import type { ScratchCall } from "../../sandbox/protocol.ts";
import { ERRNO } from "../../sandbox/guest/wasi/constants.ts";

function memoryStore() {
  const blocks = new Map<string, Uint8Array>();
  const ops = { put: 0, get: 0, drop: 0 };
  const call: ScratchCall = async (op) => {
    ops[op.op]++;
    if (op.op === "put") blocks.set(op.name, op.bytes.slice());
    else if (op.op === "drop") for (const n of op.names) blocks.delete(n);
    else {
      const b = blocks.get(op.name);
      return b ? b.slice(op.offset, op.offset + op.length) : null;
    }
    return null;
  };
  return { blocks, ops, call };
}

async function readAll(f: FileNode): Promise<Uint8Array> {
  const out = new Uint8Array(f.size());
  let at = 0;
  for (;;) {
    const chunk = await f.read(at, 65536);
    if (chunk.length === 0) return out;
    out.set(chunk, at);
    at += chunk.length;
  }
}

const settled = (disk: ScratchDisk) => disk.exclusive(() => new Promise((r) => setTimeout(r, 0)));

async function errnoOf(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 0;
  } catch (e) {
    return e instanceof FsError ? e.errno : -1;
  }
}

describe("/tmp quota", () => {
  it("counts every byte against the disk limit, refuses past it with ENOSPC (noted once) and frees on release", async () => {
    const notes: string[] = [];
    const disk = new ScratchDisk(100, memoryStore().call, (m) => notes.push(m));
    const f = disk.newFile();
    await f.write!(0, new Uint8Array(60));
    expect(await errnoOf(f.write!(60, new Uint8Array(41)))).toBe(ERRNO.NOSPC);
    expect(await errnoOf(f.truncate!(101))).toBe(ERRNO.NOSPC);
    expect(disk.used).toBe(60);
    expect(notes).toEqual(["/tmp is full: the phase's disk limit is 100 bytes"]);
    f.release!();
    await settled(disk);
    expect(disk.used).toBe(0);
  });

  it("honours an 8 GiB disk with storage behind it, and caps one without storage at what memory holds", () => {
    expect(new ScratchDisk(8 * 1024 ** 3, memoryStore().call).limit).toBe(8 * 1024 ** 3);
    expect(new ScratchDisk(8 * 1024 ** 3, null).limit).toBe(MEMORY_ONLY_BYTES);
  });
});

describe("/tmp backed by storage", () => {
  it("keeps small files in memory", async () => {
    const store = memoryStore();
    const disk = new ScratchDisk(1 << 30, store.call);
    const f = disk.newFile();
    await f.write!(null, new TextEncoder().encode("hello\n"));
    await f.write!(null, new TextEncoder().encode("world\n"));
    expect(new TextDecoder().decode(await readAll(f))).toBe("hello\nworld\n");
    expect(store.ops.put).toBe(0);
  });

  it("writes blocks back past the resident bound, reads them back in windows, and keeps memory bounded", async () => {
    const store = memoryStore();
    const disk = new ScratchDisk(1 << 30, store.call, undefined, 2 * BLOCK);
    const f = disk.newFile();
    const data = randomBytes(5 * BLOCK + 12345);
    let peak = 0;
    for (let at = 0; at < data.length; at += 65536) {
      await f.write!(null, data.subarray(at, at + 65536));
      peak = Math.max(peak, disk.resident);
    }
    expect(peak).toBeLessThanOrEqual(2 * BLOCK);
    expect(store.blocks.size).toBeGreaterThanOrEqual(3);
    expect(Buffer.from(await readAll(f)).equals(data)).toBe(true);
    expect(disk.used).toBe(data.length);
    f.release!();
    await settled(disk);
    expect(store.blocks.size).toBe(0);
    expect(disk.resident).toBe(0);
  });

  it("rewrites, truncates and extends a spilled file correctly", async () => {
    const store = memoryStore();
    const disk = new ScratchDisk(1 << 30, store.call, undefined, BLOCK);
    const f = disk.newFile();
    const want = Buffer.from(randomBytes(3 * BLOCK + 99));
    await f.write!(0, want);
    // a rewrite straddling a stored block edge
    const patch = randomBytes(5000);
    await f.write!(BLOCK - 2000, patch);
    patch.copy(want, BLOCK - 2000);
    expect(Buffer.from(await readAll(f)).equals(want)).toBe(true);
    // cut into the middle of the second block, then grow again: the cut bytes read as zeros
    await f.truncate!(BLOCK + 10);
    await f.truncate!(2 * BLOCK + 50);
    const expected = Buffer.concat([want.subarray(0, BLOCK + 10), Buffer.alloc(BLOCK + 40)]);
    expect(Buffer.from(await readAll(f)).equals(expected)).toBe(true);
    // a write past the end leaves a hole of zeros
    await f.write!(3 * BLOCK, Buffer.from("tail"));
    const all = Buffer.from(await readAll(f));
    expect(all.length).toBe(3 * BLOCK + 4);
    expect(all.subarray(0, expected.length).equals(expected)).toBe(true);
    expect(all.subarray(expected.length, 3 * BLOCK).every((b) => b === 0)).toBe(true);
    expect(all.subarray(3 * BLOCK).toString()).toBe("tail");
    expect(disk.used).toBe(3 * BLOCK + 4);
  });

  it("shares the resident bound among files: the least recently written blocks leave first", async () => {
    const store = memoryStore();
    const disk = new ScratchDisk(1 << 30, store.call, undefined, BLOCK);
    const a = disk.newFile();
    const b = disk.newFile();
    const da = randomBytes(BLOCK / 2);
    const db = randomBytes(BLOCK);
    await a.write!(0, da);
    await b.write!(0, db);
    expect(store.ops.put).toBe(1); // a's block went out
    expect(Buffer.from(await readAll(a)).equals(da)).toBe(true);
    expect(Buffer.from(await readAll(b)).equals(db)).toBe(true);
  });
});
