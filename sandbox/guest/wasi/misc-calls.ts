// WASI args/environ/clock/random/proc calls, poll_oneoff (sleeps and
// always-ready fds), and the "mobula" imports of the Manta tools.
import { ProcExit } from "../context.ts";
import { FsError } from "../vfs.ts";
import { CLOCK, ERRNO } from "./constants.ts";
import { errnoOf, guarded, guardedAsync, type CallTable, type WasiProcess } from "./process.ts";

/** Writes a list of NUL-terminated strings as WASI args_get/environ_get expect. */
function writeStrings(p: WasiProcess, list: string[], ptrs: number, buf: number): number {
  const v = p.view();
  let off = buf;
  list.forEach((s, i) => {
    const bytes = new TextEncoder().encode(`${s}\0`);
    v.setUint32(ptrs + i * 4, off, true);
    p.bytes(off, bytes.length).set(bytes);
    off += bytes.length;
  });
  return ERRNO.SUCCESS;
}

function sizes(p: WasiProcess, list: string[], countPtr: number, sizePtr: number): number {
  const v = p.view();
  v.setUint32(countPtr, list.length, true);
  v.setUint32(sizePtr, list.reduce((s, x) => s + new TextEncoder().encode(x).length + 1, 0), true);
  return ERRNO.SUCCESS;
}

/** Reads a key passed as (ptr, len) and turns a reducer argument into number | null. */
const reducerOf = (r: number) => (r < 0 ? null : r);

export function miscCalls(p: WasiProcess): CallTable {
  const envList = () => Object.entries(p.env).map(([k, v]) => `${k}=${v}`);
  const started = performance.now();
  return {
    sync: {
      args_sizes_get: guarded((c: number, s: number) => sizes(p, p.args, c, s)),
      args_get: guarded((ptrs: number, buf: number) => writeStrings(p, p.args, ptrs, buf)),
      environ_sizes_get: guarded((c: number, s: number) => sizes(p, envList(), c, s)),
      environ_get: guarded((ptrs: number, buf: number) => writeStrings(p, envList(), ptrs, buf)),
      clock_res_get: guarded((_id: number, out: number) => {
        p.view().setBigUint64(out, 1_000_000n, true);
        return ERRNO.SUCCESS;
      }),
      clock_time_get: guarded((id: number, _precision: bigint, out: number) => {
        // Date.now() only advances across I/O in workerd (Spectre mitigation): times look frozen during pure compute.
        const ns = id === CLOCK.REALTIME ? BigInt(Date.now()) * 1_000_000n : BigInt(Math.floor((performance.now() - started) * 1e6));
        p.view().setBigUint64(out, ns, true);
        return ERRNO.SUCCESS;
      }),
      random_get: guarded((buf: number, len: number) => {
        for (let off = 0; off < len; off += 65536) crypto.getRandomValues(p.bytes(buf + off, Math.min(65536, len - off)));
        return ERRNO.SUCCESS;
      }),
      proc_exit: (code: number) => {
        throw new ProcExit(code);
      },
      sched_yield: () => ERRNO.SUCCESS,
    },
    async: {
      poll_oneoff: guardedAsync(async (subs: number, events: number, n: number, outN: number) => {
        const v = p.view();
        let sleepNs: bigint | null = null;
        let sleeper = -1;
        const ready: number[] = [];
        for (let i = 0; i < n; i++) {
          const tag = v.getUint8(subs + i * 48 + 8);
          if (tag === 0) {
            const timeout = v.getBigUint64(subs + i * 48 + 24, true);
            const abs = (v.getUint16(subs + i * 48 + 40, true) & 1) !== 0;
            const rel = abs ? timeout - BigInt(Date.now()) * 1_000_000n : timeout;
            if (sleepNs === null || rel < sleepNs) [sleepNs, sleeper] = [rel, i];
          } else ready.push(i); // fd_read / fd_write: reported ready at once
        }
        if (ready.length === 0 && sleeper >= 0) {
          const ms = Math.max(0, Number(sleepNs! / 1_000_000n));
          await p.ctx.guard(new Promise((r) => setTimeout(r, ms)));
          ready.push(sleeper);
        }
        const w = p.view();
        ready.forEach((i, k) => {
          const ev = events + k * 32;
          w.setBigUint64(ev, v.getBigUint64(subs + i * 48, true), true); // userdata
          w.setUint16(ev + 8, 0, true);
          w.setUint8(ev + 10, v.getUint8(subs + i * 48 + 8));
          w.setBigUint64(ev + 16, 0n, true);
          w.setUint16(ev + 24, 0, true);
        });
        w.setUint32(outN, ready.length, true);
        return ERRNO.SUCCESS;
      }),
    },
  };
}

/** module "mobula": job outputs for mpipe/mcat/msplit/mtee. Results are fd or -errno. */
export function mantaCalls(p: WasiProcess): CallTable {
  const neg = (e: number) => -e;
  const key = (ptr: number, len: number) => p.string(ptr, len);
  return {
    sync: {},
    async: {
      output_open: async (ptr: number, len: number, reducer: number) => {
        try {
          const sink = await p.ctx.guard(p.manta.openOutput(key(ptr, len), reducerOf(reducer)));
          p.ctx.emittedOutputs = true;
          return p.allocFd({ type: "sink", sink, owned: true });
        } catch (e) {
          return neg(errnoOfManta(e));
        }
      },
      output_ref: async (ptr: number, len: number, reducer: number) => {
        try {
          await p.ctx.guard(p.manta.emitReference(key(ptr, len), reducerOf(reducer)));
          p.ctx.emittedOutputs = true;
          return 0;
        } catch (e) {
          return neg(errnoOfManta(e));
        }
      },
      object_open: async (ptr: number, len: number) => {
        try {
          const sink = await p.ctx.guard(p.manta.openObject(key(ptr, len)));
          return p.allocFd({ type: "sink", sink, owned: true });
        } catch (e) {
          return neg(errnoOfManta(e));
        }
      },
    },
  };
}

/** A refused output (bad key, no capability) becomes an errno the tool can print. */
function errnoOfManta(e: unknown): number {
  if (e instanceof FsError) return e.errno;
  const errno = errnoOf(e); // rethrows kills
  return errno === ERRNO.IO ? ERRNO.PERM : errno;
}
