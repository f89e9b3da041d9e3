// xargs and env COMMAND, the sandbox's native programs that run other programs, compared
// with GNU xargs and env run by bash on the same lines and input (gnu-cases.mjs, recorded by
// the global setup), plus what only the sandbox can show: limits reach the programs they start.
import { describe, expect, it } from "vitest";
import cases from "./programs/dist/gnu-cases.json";
import { run, streamOf } from "./helpers.ts";

describe("xargs and env, differential against GNU", () => {
  for (const c of cases as Array<{ setup: string; exec: string; stdin: string; stdout: string; status: number }>) {
    it(`${c.exec} <<< ${JSON.stringify(c.stdin.slice(0, 30))}`, async () => {
      const r = await run(c.setup + c.exec, { stdin: streamOf(c.stdin) });
      expect({ stdout: r.stdout, status: r.result.exitCode }).toEqual({ stdout: c.stdout, status: c.status });
    });
  }
});

describe("xargs inside the sandbox", () => {
  it("the programs it starts share the task's CPU limit", async () => {
    const r = await run("xargs -n 1 spin", { stdin: streamOf("a b\n"), limits: { cpuFuel: 20_000_000 } as never });
    expect(r.result.error).toEqual({ code: "TaskKilledError", message: "CPU limit exceeded" });
  });

  it("what it reads is held under the task's memory limit", async () => {
    const r = await run("xargs echo | wc -l", { stdin: streamOf("word ".repeat(4 * 1024 * 1024)), limits: { memoryMiB: 16 } as never });
    expect(r.result.error).toEqual({ code: "TaskKilledError", message: "memory limit exceeded (16 MiB)" });
  });

  it("an unknown command is the shell's command-not-found, status 127", async () => {
    const r = await run("xargs nosuchprogram; echo status $?", { stdin: streamOf("a\n") });
    expect(r.stdout).toBe("status 127\n");
    expect(r.stderr).toContain("sh: nosuchprogram: command not found");
  });
});

describe("xargs streams", () => {
  it("runs a full command line at once, while its input is still coming", async () => {
    // `yes` never ends: an xargs that waited for the end of its input would run nothing until
    // a limit killed the task; this one runs awk on the first two items, awk's 255 aborts
    // xargs, and `yes` stops on the broken pipe.
    const r = await run("yes a | xargs -n 2 awk 'BEGIN { exit 255 }'; echo status $?");
    expect(r.result.error).toBeUndefined();
    expect(r.stderr).toBe("xargs: awk: exited with status 255; aborting\n");
    expect(r.stdout).toBe("status 124\n");
  });

  it("holds only the lines not yet run: more input than the memory limit goes through", async () => {
    // 4 MiB of lines: held whole at 5 bytes per input byte, 20 MiB, over the 16 MiB limit.
    const r = await run("xargs echo | wc -l", { stdin: streamOf("word\n".repeat(800 * 1024)), limits: { memoryMiB: 16 } as never });
    expect(r.result.error).toBeUndefined();
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("32\n"); // ~128 KiB command lines
  });
});
