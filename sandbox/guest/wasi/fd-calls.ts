// WASI fd_* calls. Reads and writes are async (JSPI-suspending): stdin and
// pipes wait for data, sinks apply back-pressure, the input object is fetched
// lazily. Everything copies out of linear memory before awaiting, because the
// program's memory may move while it is suspended.
import { FsError, type VNode } from "../vfs.ts";
import { ALL_RIGHTS, ERRNO, FDFLAGS, FILETYPE, RIGHTS, WHENCE } from "./constants.ts";
import { guarded, guardedAsync, type CallTable, type FdEntry, type WasiProcess } from "./process.ts";

/** A terminal's rights: no seek or tell, which is how wasi-libc's isatty() knows a tty. */
const TTY_RIGHTS = ALL_RIGHTS & ~(RIGHTS.FD_SEEK | RIGHTS.FD_TELL);

function isTerminal(e: FdEntry): boolean {
  return (e.type === "sink" && e.sink.isTerminal === true) || (e.type === "source" && e.source.isTerminal === true);
}

function filetypeOf(e: FdEntry): number {
  if (e.type === "dir") return FILETYPE.DIRECTORY;
  if (e.type === "file") return FILETYPE.REGULAR_FILE;
  return FILETYPE.CHARACTER_DEVICE;
}

export function writeFilestat(p: WasiProcess, ptr: number, node: VNode | null, filetype: number): void {
  const v = p.view();
  const size = node?.kind === "file" ? node.size() : 0;
  const mtime = BigInt(Math.floor(node?.mtimeMs ?? 0)) * 1_000_000n;
  v.setBigUint64(ptr, 0n, true); // dev
  v.setBigUint64(ptr + 8, BigInt(node?.ino ?? 0), true);
  v.setUint8(ptr + 16, filetype);
  v.setBigUint64(ptr + 24, 1n, true); // nlink
  v.setBigUint64(ptr + 32, BigInt(size), true);
  v.setBigUint64(ptr + 40, mtime, true);
  v.setBigUint64(ptr + 48, mtime, true);
  v.setBigUint64(ptr + 56, mtime, true);
}

function scatter(p: WasiProcess, iovs: Array<[number, number]>, data: Uint8Array): number {
  let off = 0;
  for (const [ptr, len] of iovs) {
    if (off >= data.length) break;
    const n = Math.min(len, data.length - off);
    p.bytes(ptr, n).set(data.subarray(off, off + n));
    off += n;
  }
  return off;
}

function gather(p: WasiProcess, iovs: Array<[number, number]>): Uint8Array {
  const total = iovs.reduce((s, [, len]) => s + len, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const [ptr, len] of iovs) {
    out.set(p.bytes(ptr, len), off);
    off += len;
  }
  return out;
}

async function readInto(p: WasiProcess, e: FdEntry, iovs: Array<[number, number]>, at: number | null): Promise<number> {
  const want = iovs.reduce((s, [, len]) => s + len, 0);
  if (want === 0) return 0;
  switch (e.type) {
    case "source": {
      if (at !== null) throw new FsError(ERRNO.SPIPE, "illegal seek");
      const chunk = await p.ctx.guard(e.source.read(want));
      return chunk ? scatter(p, iovs, chunk) : 0;
    }
    case "file": {
      if (!e.read) throw new FsError(ERRNO.BADF, "not open for reading");
      const offset = at ?? e.offset;
      const data = await p.ctx.guard(Promise.resolve(e.node.read(offset, want)));
      const n = scatter(p, iovs, data);
      if (at === null) e.offset += n;
      return n;
    }
    case "devnull":
      return 0;
    case "dir":
      throw new FsError(ERRNO.ISDIR, "is a directory");
    default:
      throw new FsError(ERRNO.BADF, "not open for reading");
  }
}

async function writeFrom(p: WasiProcess, e: FdEntry, iovs: Array<[number, number]>, at: number | null): Promise<number> {
  const data = gather(p, iovs);
  switch (e.type) {
    case "sink":
      if (data.length) await p.ctx.guard(e.sink.write(data));
      return data.length;
    case "file": {
      if (!e.write || !e.node.write) throw new FsError(ERRNO.BADF, "not open for writing");
      const end = await e.node.write(at ?? (e.append ? null : e.offset), data);
      if (at === null) e.offset = end;
      return data.length;
    }
    case "devnull":
      return data.length;
    default:
      throw new FsError(ERRNO.BADF, "not open for writing");
  }
}

export function fdCalls(p: WasiProcess): CallTable {
  const setU32 = (ptr: number, v: number) => p.view().setUint32(ptr, v, true);
  return {
    async: {
      fd_read: guardedAsync(async (fd: number, iovs: number, n: number, out: number) => {
        setU32(out, await readInto(p, p.fd(fd), p.iovecs(iovs, n), null));
        return ERRNO.SUCCESS;
      }),
      fd_pread: guardedAsync(async (fd: number, iovs: number, n: number, at: bigint, out: number) => {
        setU32(out, await readInto(p, p.fd(fd), p.iovecs(iovs, n), Number(at)));
        return ERRNO.SUCCESS;
      }),
      fd_write: guardedAsync(async (fd: number, iovs: number, n: number, out: number) => {
        setU32(out, await writeFrom(p, p.fd(fd), p.iovecs(iovs, n), null));
        return ERRNO.SUCCESS;
      }),
      fd_pwrite: guardedAsync(async (fd: number, iovs: number, n: number, at: bigint, out: number) => {
        setU32(out, await writeFrom(p, p.fd(fd), p.iovecs(iovs, n), Number(at)));
        return ERRNO.SUCCESS;
      }),
      fd_filestat_set_size: guardedAsync(async (fd: number, size: bigint) => {
        const e = p.fd(fd);
        if (e.type !== "file" || !e.write || !e.node.truncate) return ERRNO.BADF;
        await e.node.truncate(Number(size));
        return ERRNO.SUCCESS;
      }),
      fd_close: guardedAsync(async (fd: number) => {
        const e = p.fd(fd);
        if (e.type === "dir" && e.preopen) return ERRNO.NOTSUP;
        p.fds.delete(fd);
        if (e.type === "sink" && e.owned) await p.ctx.guard(e.sink.close());
        return ERRNO.SUCCESS;
      }),
    },
    sync: {
      fd_seek: guarded((fd: number, offset: bigint, whence: number, out: number) => {
        const e = p.fd(fd);
        if (e.type !== "file") throw new FsError(e.type === "dir" ? ERRNO.BADF : ERRNO.SPIPE, "illegal seek");
        const base = whence === WHENCE.SET ? 0 : whence === WHENCE.CUR ? e.offset : whence === WHENCE.END ? e.node.size() : NaN;
        const next = base + Number(offset);
        if (!Number.isFinite(next) || next < 0) return ERRNO.INVAL;
        e.offset = next;
        p.view().setBigUint64(out, BigInt(next), true);
        return ERRNO.SUCCESS;
      }),
      fd_tell: guarded((fd: number, out: number) => {
        const e = p.fd(fd);
        if (e.type !== "file") return ERRNO.SPIPE;
        p.view().setBigUint64(out, BigInt(e.offset), true);
        return ERRNO.SUCCESS;
      }),
      fd_fdstat_get: guarded((fd: number, out: number) => {
        const e = p.fd(fd);
        const v = p.view();
        v.setUint8(out, filetypeOf(e));
        v.setUint16(out + 2, e.type === "file" && e.append ? FDFLAGS.APPEND : 0, true);
        const rights = isTerminal(e) ? TTY_RIGHTS : ALL_RIGHTS;
        v.setBigUint64(out + 8, rights, true);
        v.setBigUint64(out + 16, rights, true);
        return ERRNO.SUCCESS;
      }),
      fd_fdstat_set_flags: guarded((fd: number, flags: number) => {
        const e = p.fd(fd);
        if (e.type === "file") e.append = (flags & FDFLAGS.APPEND) !== 0;
        return ERRNO.SUCCESS;
      }),
      fd_filestat_get: guarded((fd: number, out: number) => {
        const e = p.fd(fd);
        writeFilestat(p, out, e.type === "file" || e.type === "dir" ? e.node : null, filetypeOf(e));
        return ERRNO.SUCCESS;
      }),
      fd_prestat_get: guarded((fd: number, out: number) => {
        const e = p.fd(fd);
        if (e.type !== "dir" || !e.preopen) return ERRNO.BADF;
        p.view().setUint8(out, 0);
        setU32(out + 4, new TextEncoder().encode(e.preopen).length);
        return ERRNO.SUCCESS;
      }),
      fd_prestat_dir_name: guarded((fd: number, ptr: number, len: number) => {
        const e = p.fd(fd);
        if (e.type !== "dir" || !e.preopen) return ERRNO.BADF;
        const name = new TextEncoder().encode(e.preopen);
        p.bytes(ptr, Math.min(len, name.length)).set(name.subarray(0, len));
        return ERRNO.SUCCESS;
      }),
      fd_readdir: guarded((fd: number, buf: number, len: number, cookie: bigint, out: number) => {
        const e = p.fd(fd);
        if (e.type !== "dir") return ERRNO.NOTDIR;
        const names = [".", "..", ...[...e.node.entries.keys()].sort()];
        let used = 0;
        for (let i = Number(cookie); i < names.length && used < len; i++) {
          const name = new TextEncoder().encode(names[i]);
          const child = i < 2 ? e.node : e.node.entries.get(names[i])!;
          const head = new DataView(new ArrayBuffer(24));
          head.setBigUint64(0, BigInt(i + 1), true);
          head.setBigUint64(8, BigInt(child.ino), true);
          head.setUint32(16, name.length, true);
          head.setUint8(20, child.kind === "dir" ? FILETYPE.DIRECTORY : child.kind === "file" ? FILETYPE.REGULAR_FILE : FILETYPE.CHARACTER_DEVICE);
          const entry = new Uint8Array(24 + name.length);
          entry.set(new Uint8Array(head.buffer), 0);
          entry.set(name, 24);
          const n = Math.min(entry.length, len - used); // a truncated last entry tells libc to grow its buffer
          p.bytes(buf + used, n).set(entry.subarray(0, n));
          used += n;
        }
        setU32(out, used);
        return ERRNO.SUCCESS;
      }),
      fd_renumber: guarded((from: number, to: number) => {
        const e = p.fd(from);
        p.fd(to);
        p.fds.set(to, e);
        p.fds.delete(from);
        return ERRNO.SUCCESS;
      }),
      fd_sync: guarded((fd: number) => (p.fd(fd), ERRNO.SUCCESS)),
      fd_datasync: guarded((fd: number) => (p.fd(fd), ERRNO.SUCCESS)),
      fd_advise: guarded((fd: number) => (p.fd(fd), ERRNO.SUCCESS)),
      fd_filestat_set_times: guarded((fd: number) => (p.fd(fd), ERRNO.SUCCESS)),
    },
  };
}
