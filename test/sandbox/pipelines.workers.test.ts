// Shell pipelines of toolbox programs and user programs in one task, the
// Manta job-output imports, and a thread that stays responsive while compute runs.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { TaskLimits } from "../../sandbox/run-task.ts";
import { collector, run, streamOf } from "./helpers.ts";

const lines = Array.from({ length: 200 }, (_, i) => `line ${i} ${i % 3 === 0 ? "fizz" : "buzz"}`).join("\n") + "\n";

describe("pipelines", () => {
  it("runs a three-stage toolbox pipeline over stdin", async () => {
    const r = await run("cat | grep fizz | wc -l", { stdin: streamOf(lines) });
    expect(r.stdout.trim()).toBe("67");
    expect(r.result.error).toBeUndefined();
  });

  it("mixes toolbox and user programs, with back-pressure through a large stream", async () => {
    const big = "word ".repeat(200_000) + "\n"; // 1 MB through two pipes
    const r = await run("cat | wordcount | tr ' ' ,", { stdin: streamOf(big) });
    expect(r.stdout).toBe("1,200000,1000001\n");
  });

  it("kills the whole pipeline when one stage exceeds a limit", async () => {
    const r = await run("spin | wc -l", { limits: { cpuFuel: 20_000_000 } as never });
    expect(r.result.error).toEqual({ code: "TaskKilledError", message: "CPU limit exceeded" });
  });

  it("routes mpipe output through openOutput and reports emittedOutputs", async () => {
    const outputs: Array<{ key: string; reducer: number | null; sink: ReturnType<typeof collector> }> = [];
    const r = await run("mpipe -r 1 /jo/jobs/j1/stor/out.txt", { stdin: streamOf("payload\n") }, {
      openOutput: async (key, reducer) => {
        const sink = collector();
        outputs.push({ key, reducer, sink });
        return sink.stream;
      },
    });
    expect(r.result.error).toBeUndefined();
    expect(r.result.emittedOutputs).toBe(true);
    expect(outputs.map((o) => [o.key, o.reducer])).toEqual([["/jo/jobs/j1/stor/out.txt", 1]]);
    expect(outputs[0].sink.text()).toBe("payload\n");
    expect(r.stdout).toBe("/jo/jobs/j1/stor/out.txt\n");
  });

  it("keeps the Worker answering requests while a sandbox computes", async () => {
    const { result, pings } = await pingsDuring("spin", { cpuFuel: 10_000_000_000 });
    expect(result.error?.message).toBe("CPU limit exceeded");
    expect(pings.map((p) => p.beforeEnd)).toEqual([true, true, true]); // every ping was answered before the task ended
  });

  it("keeps the Worker answering requests while a sandbox loops on memory.fill", async () => {
    // Charged one fuel per instruction, each 1 MiB fill ran between fuel hooks for free: seconds without a yield.
    const { result, pings } = await pingsDuring("fill", { cpuFuel: 50_000_000_000, wallMs: 10_000 });
    expect(result.error?.message).toBe("CPU limit exceeded");
    expect(pings.map((p) => p.beforeEnd)).toEqual([true, true, true]);
    expect(Math.max(...pings.map((p) => p.ms))).toBeLessThan(1_000);
  });
});

/** Runs `exec` and pings the main Worker three times meanwhile, noting each answer's delay and whether the task was still running. */
async function pingsDuring(exec: string, limits: Partial<TaskLimits>) {
  const ping = async () => (await exports.default.fetch("http://sandbox.test/ping")).arrayBuffer();
  await ping(); // warm: the main Worker's first request is slow for reasons unrelated to the sandbox
  let finished = false;
  const task = run(exec, { limits: limits as TaskLimits }).then((r) => {
    finished = true;
    return r;
  });
  await new Promise((r) => setTimeout(r, 20));
  const pings: Array<{ ms: number; beforeEnd: boolean }> = [];
  for (let i = 0; i < 3; i++) {
    const sent = Date.now(); // workerd's clock moves at I/O, so this spans the ping's wait
    await ping(); // any answer will do (this also runs against the main Worker), as long as it comes mid-task
    pings.push({ ms: Date.now() - sent, beforeEnd: !finished });
  }
  return { result: (await task).result, pings };
}
