// Benchmark hook: `wc -l` over one R2 object inside the sandbox, the way a map
// task sees its input (object body on stdin). bench/ times it against a bare
// R2 read of the same object.
import type { TaskLimits } from "./protocol.ts";
import type { SandboxEnv } from "./isolate.ts";
import { runTask } from "./run-task.ts";

export interface SandboxWcResult {
  lines: number;
  bytes: number;
  ms: number;
  fuelUsed: number;
}

/** Generous limits: the benchmark measures throughput, not enforcement. */
const BENCH_LIMITS: TaskLimits = { memoryMiB: 64, diskMiB: 16, cpuFuel: 1e15, wallMs: 600_000, outputBytes: 1 << 20 };

export async function sandboxWcLines(
  env: SandboxEnv,
  bucket: R2Bucket,
  key: string,
  limits: Partial<TaskLimits> = {},
): Promise<SandboxWcResult> {
  const started = Date.now();
  const object = await bucket.get(key);
  if (!object) throw new Error(`no such object: ${key}`);
  const out: Uint8Array[] = [];
  const result = await runTask(
    env,
    { exec: "wc -l", env: {}, stdin: object.body, limits: { ...BENCH_LIMITS, ...limits } },
    {
      stdout: new WritableStream({ write: (c) => void out.push(c.slice()) }),
      stderr: new WritableStream(),
    },
  );
  if (result.error) throw new Error(`sandbox wc failed: ${result.error.code}: ${result.error.message}`);
  const text = out.map((c) => new TextDecoder().decode(c)).join("");
  return { lines: Number.parseInt(text.trim(), 10), bytes: object.size, ms: Date.now() - started, fuelUsed: result.fuelUsed };
}
