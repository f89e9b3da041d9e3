// Runs bytes through one of the runtime's native zlib streams, chunk by chunk, with
// back-pressure both ways: no more input is fed until the output so far has been written.
// The work is native, so no wasm fuel counts it: each input chunk is charged to the task's
// CPU budget by its length, which keeps the CPU limit meaningful for a big zcat.
import type { ZlibStream } from "node:zlib";
import type { ByteSink, ByteSource } from "../../../core/shell/index.ts";
import type { TaskContext } from "../context.ts";

const CHUNK = 256 * 1024;
/** Fuel per byte in + out: native inflate runs at ~0.4-1 GB/s, ~10-20 fuel per byte at 8G fuel/s. */
const FUEL_PER_BYTE = 16;

export class ZlibError extends Error {}

export async function pump(z: ZlibStream, source: ByteSource, sink: ByteSink | null, ctx: TaskContext): Promise<void> {
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  let ended = false;
  let wake: (() => void) | null = null;
  const poke = () => {
    wake?.();
    wake = null;
  };
  z.on("data", (c) => (out.push(c), poke()));
  z.on("end", () => ((ended = true), poke()));
  z.on("error", (e) => ((failure = e), poke()));
  const charge = (bytes: number) => ctx.spend(bytes * FUEL_PER_BYTE);
  const flush = async () => {
    while (out.length) {
      const c = out.shift()!;
      charge(c.length);
      if (sink) await sink.write(c);
    }
  };
  const settle = () => new Promise<void>((r) => (wake = r));
  try {
    for (;;) {
      const chunk = await ctx.guard(source.read(CHUNK));
      if (chunk === null) break;
      charge(chunk.length);
      z.write(chunk);
      // Let zlib work through this chunk (its output arrives as `data` events) before reading more.
      await new Promise((r) => setTimeout(r, 0));
      if (failure) throw new ZlibError((failure as Error).message);
      await flush();
    }
    z.end();
    while (!ended && !failure) {
      await ctx.guard(settle());
      await flush();
    }
    if (failure) throw new ZlibError((failure as Error).message);
    await flush();
  } finally {
    z.destroy();
  }
}
