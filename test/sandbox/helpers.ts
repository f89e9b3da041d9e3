// Shared fixtures for the sandbox's Workers tests: the C test programs (built
// by global-setup.ts), default limits, and a runner that collects output.
import type { SandboxEnv } from "../../sandbox/isolate.ts";
import { env } from "cloudflare:workers";
import { runTask, type TaskHooks, type TaskResult, type TaskSpec } from "../../sandbox/run-task.ts";
import badimport from "./programs/dist/badimport.wasm";
import escape from "./programs/dist/escape.wasm";
import fib from "./programs/dist/fib.wasm";
import fill from "./programs/dist/fill.wasm";
import flood from "./programs/dist/flood.wasm";
import hello from "./programs/dist/hello.wasm";
import hog from "./programs/dist/hog.wasm";
import membomb from "./programs/dist/membomb.wasm";
import recurse from "./programs/dist/recurse.wasm";
import spin from "./programs/dist/spin.wasm";
import tmpfill from "./programs/dist/tmpfill.wasm";
import wordcount from "./programs/dist/wordcount.wasm";

export const PROGRAMS: Record<string, ArrayBuffer> = {
  "jo/stor/bin/badimport.wasm": badimport,
  "jo/stor/bin/escape.wasm": escape,
  "jo/stor/bin/fib.wasm": fib,
  "jo/stor/bin/fill.wasm": fill,
  "jo/stor/bin/flood.wasm": flood,
  "jo/stor/bin/hello.wasm": hello,
  "jo/stor/bin/hog.wasm": hog,
  "jo/stor/bin/membomb.wasm": membomb,
  "jo/stor/bin/recurse.wasm": recurse,
  "jo/stor/bin/spin.wasm": spin,
  "jo/stor/bin/tmpfill.wasm": tmpfill,
  "jo/stor/bin/wordcount.wasm": wordcount,
};

export const LIMITS = { memoryMiB: 64, diskMiB: 1, cpuFuel: 5_000_000_000, wallMs: 30_000, outputBytes: 1 << 20 };

export function collector() {
  const chunks: Uint8Array[] = [];
  let closed = false;
  const stream = new WritableStream<Uint8Array>({
    write: (c) => void chunks.push(c.slice()),
    close: () => void (closed = true),
  });
  return {
    stream,
    get closed() {
      return closed;
    },
    text: () => new TextDecoder().decode(concat(chunks)),
    bytes: () => concat(chunks),
  };
}

export function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

export const streamOf = (s: string | Uint8Array) => new Response(s).body as ReadableStream<Uint8Array>;

/** A stream whose data arrives only after `ms`: every stage of a pipeline has started by then. */
export function streamAfter(ms: number, s: string): ReadableStream<Uint8Array> {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  setTimeout(() => {
    const w = writable.getWriter();
    void w.write(new TextEncoder().encode(s)).then(() => w.close());
  }, ms);
  return readable;
}

export interface Ran {
  result: TaskResult;
  stdout: string;
  stderr: string;
  stdoutClosed: boolean;
}

export async function run(exec: string, spec: Partial<TaskSpec> = {}, hooks: Partial<TaskHooks> = {}): Promise<Ran> {
  const out = collector();
  const err = collector();
  const result = await runTask(
    env as unknown as SandboxEnv,
    { exec, env: {}, programs: PROGRAMS, ...spec, limits: { ...LIMITS, ...spec.limits } },
    { stdout: out.stream, stderr: err.stream, ...hooks },
  );
  return { result, stdout: out.text(), stderr: err.text(), stdoutClosed: out.closed };
}
