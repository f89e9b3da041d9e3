// Ordinary programs through runTask: any WASI module runs, with args, env,
// stdin and stdout; exit statuses map to Manta's error records.
import { describe, expect, it } from "vitest";
import { run, streamOf } from "./helpers.ts";

describe("runTask with ordinary programs", () => {
  it("runs a user program by basename with its args and environment", async () => {
    const r = await run("hello a 'b c'", { env: { WHO: "manta" } });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("hello a b c\nwho=manta\n");
    expect(r.result).toMatchObject({ exitCode: 0, emittedOutputs: false, stdoutBytes: 22 });
    expect(r.result.error).toBeUndefined();
    expect(r.result.fuelUsed).toBeGreaterThan(0);
    expect(r.stdoutClosed).toBe(true);
  });

  it("feeds stdin to the program and collects its stdout", async () => {
    const r = await run("wordcount", { stdin: streamOf("one two\nthree\n") });
    expect(r.stdout).toBe("2 3 14\n");
    expect(r.result.exitCode).toBe(0);
  });
});
