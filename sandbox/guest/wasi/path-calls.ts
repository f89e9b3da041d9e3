// WASI path_* calls over the task's virtual tree (see ../vfs.ts). Writes are
// only possible in writable directories (/tmp); elsewhere EROFS.
import { dir, FsError, resolve, unlinkFile, type DirNode, type Resolved } from "../vfs.ts";
import { ERRNO, FDFLAGS, FILETYPE, OFLAGS, RIGHTS } from "./constants.ts";
import { writeFilestat } from "./fd-calls.ts";
import { guarded, guardedAsync, type CallTable, type WasiProcess } from "./process.ts";

function dirAt(p: WasiProcess, fd: number): DirNode {
  const e = p.fd(fd);
  if (e.type !== "dir") throw new FsError(ERRNO.NOTDIR, "not a directory");
  return e.node;
}

function at(p: WasiProcess, fd: number, ptr: number, len: number): Resolved {
  return resolve(dirAt(p, fd), p.string(ptr, len));
}

function mustWrite(parent: DirNode): void {
  if (!parent.writable) throw new FsError(ERRNO.ROFS, "read-only file system");
}

export function pathCalls(p: WasiProcess): CallTable {
  return {
    async: {
      // async: opening with O_TRUNC waits for /tmp's earlier operations on the file
      path_open: guardedAsync(
        async (fd: number, _dirflags: number, ptr: number, len: number, oflags: number, rights: bigint, _inh: bigint, fdflags: number, out: number) => {
          const r = at(p, fd, ptr, len);
          let node = r.node;
          if (!node) {
            if (!(oflags & OFLAGS.CREAT)) return ERRNO.NOENT;
            mustWrite(r.parent);
            node = p.fs.disk.newFile();
            r.parent.entries.set(r.name, node);
          } else if (oflags & OFLAGS.CREAT && oflags & OFLAGS.EXCL) return ERRNO.EXIST;
          const wantWrite = (rights & RIGHTS.FD_WRITE) !== 0n || (oflags & OFLAGS.TRUNC) !== 0 || (fdflags & FDFLAGS.APPEND) !== 0;
          if (node.kind === "dir") {
            if (wantWrite && (oflags & OFLAGS.DIRECTORY) === 0) return ERRNO.ISDIR;
            p.view().setUint32(out, p.allocFd({ type: "dir", node }), true);
            return ERRNO.SUCCESS;
          }
          if (oflags & OFLAGS.DIRECTORY) return ERRNO.NOTDIR;
          if (node.kind === "devnull") {
            p.view().setUint32(out, p.allocFd({ type: "devnull" }), true);
            return ERRNO.SUCCESS;
          }
          if (wantWrite && !node.writable) return ERRNO.ROFS;
          if (oflags & OFLAGS.TRUNC) await node.truncate!(0);
          const entry = {
            type: "file" as const, node, offset: 0,
            read: (rights & RIGHTS.FD_READ) !== 0n, write: wantWrite, append: (fdflags & FDFLAGS.APPEND) !== 0,
          };
          p.view().setUint32(out, p.allocFd(entry), true);
          return ERRNO.SUCCESS;
        },
      ),
    },
    sync: {
      path_filestat_get: guarded((fd: number, _flags: number, ptr: number, len: number, out: number) => {
        const { node } = at(p, fd, ptr, len);
        if (!node) return ERRNO.NOENT;
        const type = node.kind === "dir" ? FILETYPE.DIRECTORY : node.kind === "file" ? FILETYPE.REGULAR_FILE : FILETYPE.CHARACTER_DEVICE;
        writeFilestat(p, out, node, type);
        return ERRNO.SUCCESS;
      }),
      path_create_directory: guarded((fd: number, ptr: number, len: number) => {
        const r = at(p, fd, ptr, len);
        if (r.node) return ERRNO.EXIST;
        mustWrite(r.parent);
        r.parent.entries.set(r.name, dir(true));
        return ERRNO.SUCCESS;
      }),
      path_unlink_file: guarded((fd: number, ptr: number, len: number) => {
        unlinkFile(at(p, fd, ptr, len));
        return ERRNO.SUCCESS;
      }),
      path_remove_directory: guarded((fd: number, ptr: number, len: number) => {
        const r = at(p, fd, ptr, len);
        if (!r.node) return ERRNO.NOENT;
        if (r.node.kind !== "dir") return ERRNO.NOTDIR;
        if (r.name === ".") return ERRNO.INVAL;
        mustWrite(r.parent);
        if (r.node.entries.size) return ERRNO.NOTEMPTY;
        r.parent.entries.delete(r.name);
        return ERRNO.SUCCESS;
      }),
      path_rename: guarded((fd: number, ptr: number, len: number, fd2: number, ptr2: number, len2: number) => {
        const from = at(p, fd, ptr, len);
        const to = at(p, fd2, ptr2, len2);
        if (!from.node) return ERRNO.NOENT;
        mustWrite(from.parent);
        mustWrite(to.parent);
        if (to.node === from.node) return ERRNO.SUCCESS;
        if (to.node?.kind === "dir" && (from.node.kind !== "dir" || to.node.entries.size)) return ERRNO.ISDIR;
        if (to.node?.kind === "file") to.node.release?.();
        from.parent.entries.delete(from.name);
        to.parent.entries.set(to.name, from.node);
        return ERRNO.SUCCESS;
      }),
      path_filestat_set_times: guarded((fd: number, _flags: number, ptr: number, len: number) => {
        return at(p, fd, ptr, len).node ? ERRNO.SUCCESS : ERRNO.NOENT;
      }),
    },
  };
}
