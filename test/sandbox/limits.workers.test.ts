// Hostile programs: each one ends only its own task, with its own clear
// error, and the next ordinary task in the same isolate still works.
import { describe, expect, it } from "vitest";
import { run, streamAfter, streamOf } from "./helpers.ts";

async function expectStillWorks(): Promise<void> {
  const r = await run("wordcount", { stdin: streamOf("still alive\n") });
  expect(r.stdout).toBe("1 2 12\n");
  expect(r.result.error).toBeUndefined();
}

describe("runTask limits", () => {
  it("stops an infinite loop when its fuel runs out", async () => {
    const r = await run("spin", { limits: { cpuFuel: 50_000_000 } as never });
    expect(r.result.error).toEqual({ code: "TaskKilledError", message: "CPU limit exceeded" });
    expect(r.result.fuelUsed).toBeGreaterThanOrEqual(50_000_000);
    await expectStillWorks();
  });

  it("stops a loop of 1 MiB memory.fill when its fuel runs out: bulk memory pays by the byte", async () => {
    // At one fuel per instruction this is 6 fuel per MiB filled: 2G fuel would last for
    // hours, and the fuel hook (where the wall clock is checked) would run every few seconds.
    const r = await run("fill", { limits: { cpuFuel: 2_000_000_000, wallMs: 10_000 } as never });
    expect(r.result.error).toEqual({ code: "TaskKilledError", message: "CPU limit exceeded" });
    expect(r.result.fuelUsed).toBeGreaterThanOrEqual(2_000_000_000);
    expect(r.result.wallMs).toBeLessThan(5_000);
    await expectStillWorks();
  });

  it("stops an infinite loop at the wall-clock limit when fuel would last longer", async () => {
    const r = await run("spin", { limits: { wallMs: 300 } as never });
    expect(r.result.error).toEqual({ code: "TaskKilledError", message: "wall-clock limit exceeded" });
    expect(r.result.wallMs).toBeLessThan(2_000);
    await expectStillWorks();
  });

  it("stops a computing task soon after its job is cancelled", async () => {
    const startedAt = Date.now();
    let asked = 0;
    const r = await run("spin", { limits: { cpuFuel: 1e15, wallMs: 30_000 } as never }, {
      cancelled: async () => (++asked, Date.now() - startedAt > 300),
    });
    expect(r.result.error).toEqual({ code: "TaskKilledError", message: "job was cancelled" });
    expect(asked).toBeGreaterThan(0);
    expect(r.result.wallMs).toBeLessThan(5_000);
    await expectStillWorks();
  });

  it("reports a memory bomb as a memory limit, not a crash", async () => {
    const r = await run("membomb", { limits: { memoryMiB: 8 } as never });
    expect(r.result.error).toEqual({ code: "TaskKilledError", message: "memory limit exceeded (8 MiB)" });
    expect(r.stderr).toMatch(/membomb: malloc failed after [4-8] MiB/);
    await expectStillWorks();
  });

  it("holds a pipeline to one memory budget: stages that each fit alone fail together", async () => {
    // Each stage holds 3 MiB, well inside 8 MiB alone; the late stdin keeps all four alive at once.
    const r = await run("hog 3 | hog 3 | hog 3 | hog 3", { stdin: streamAfter(100, "x\n"), limits: { memoryMiB: 8 } as never });
    expect(r.result.error).toEqual({ code: "TaskKilledError", message: "memory limit exceeded (8 MiB)" });
    expect(r.stderr).toContain("hog: cannot hold 3 MiB");
    await expectStillWorks();
  });

  it("gives a program's memory back to the task's budget when it ends", async () => {
    // 3 + 3 MiB at once fit in 8, and then 6 MiB fit only if both were handed back.
    const r = await run("hog 3 | hog 3 && hog 6", { stdin: streamAfter(100, "x\n"), limits: { memoryMiB: 8 } as never });
    expect(r.result.error).toBeUndefined();
    expect(r.stdout).toBe("x\n");
  });

  it("refuses memory.grow beyond the limit to a program that ignores failures", async () => {
    const r = await run("membomb grow", { limits: { memoryMiB: 8 } as never });
    expect(r.result.error).toBeUndefined(); // it exits 0: nothing failed from its point of view
    const pages = Number(/pages=(\d+)/.exec(r.stdout)?.[1]);
    expect(pages).toBeLessThanOrEqual(128);
    expect(pages).toBeGreaterThan(100);
  });

  it("reports unbounded recursion as a stack overflow", async () => {
    const r = await run("recurse");
    expect(r.result.error).toEqual({ code: "TaskKilledError", message: "stack overflow" });
    await expectStillWorks();
  });

  it("fails a program importing an unknown function at init, naming the import", async () => {
    const r = await run("badimport");
    expect(r.result.error?.code).toBe("TaskInitError");
    expect(r.result.error?.message).toContain("program imports unsupported function evil.open_socket");
    await expectStillWorks();
  });

  it("stops unbounded output at the output limit", async () => {
    const r = await run("flood", { limits: { outputBytes: 300_000 } as never });
    expect(r.result.error).toEqual({ code: "TaskKilledError", message: "output size limit exceeded (300000 bytes)" });
    expect(r.result.stdoutBytes).toBeLessThanOrEqual(300_000);
    await expectStillWorks();
  });

  it("turns a non-zero exit into a UserTaskError with the status", async () => {
    const r = await run("wordcount 7", { stdin: streamOf("x\n") });
    expect(r.result.exitCode).toBe(7);
    expect(r.result.error).toEqual({ code: "UserTaskError", message: "user command exited with code 7" });
    expect(r.stdout).toBe("1 1 2\n");
  });

  it("answers 127 with a message for an unknown command", async () => {
    const r = await run("nosuchprog --help");
    expect(r.result.exitCode).toBe(127);
    expect(r.stderr).toMatch(/^sh: nosuchprog: command not found\nsh: available programs: .*\bcat\b.*\bwc\b/);
    expect(r.result.error?.code).toBe("UserTaskError");
  });
});
