// The sandbox's native programs that need no storage: gzip, gunzip and zcat on the
// runtime's zlib, checked against node:zlib's own output in the test (round trips,
// multi-member files, levels, file mode) and against corrupt input.
import { gzipSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { collector, run, streamOf } from "./helpers.ts";

const text = Array.from({ length: 20_000 }, (_, i) => `line ${i} ${i % 7 === 0 ? "ERROR" : "INFO"} something happened\n`).join("");

describe("gzip, gunzip, zcat", () => {
  it("zcat streams a gzip file made elsewhere, multi-member included", async () => {
    const two = new Uint8Array([...gzipSync(text), ...gzipSync("tail line\n")]);
    const r = await run("zcat | wc -l", { stdin: streamOf(two) });
    expect(r.result.error).toBeUndefined();
    expect(r.stdout.trim()).toBe("20001");
  });

  it("gzip -c output is real gzip, at any level, and round-trips through gunzip", async () => {
    for (const level of ["-1", "-9"]) {
      const out = collector();
      const r = await run(`gzip -c ${level}`, { stdin: streamOf(text) }, { stdout: out.stream });
      expect(r.result.exitCode).toBe(0);
      expect(new TextDecoder().decode(gunzipSync(out.bytes()))).toBe(text);
    }
    const r = await run("gzip | gunzip | grep -c ERROR", { stdin: streamOf(text) });
    expect(r.stdout.trim()).toBe(String(Math.ceil(20_000 / 7)));
  });

  it("compresses a file in /tmp to FILE.gz and back, removing the original unless -k", async () => {
    const r = await run("cat > /tmp/a.log; gzip /tmp/a.log; ls_a=$(cat /tmp/a.log 2>&1); gunzip -k /tmp/a.log.gz; wc -l < /tmp/a.log; zcat /tmp/a.log.gz | head -n 1; echo \"$ls_a\"", { stdin: streamOf(text) });
    expect(r.stdout).toBe(`20000\nline 0 ERROR something happened\ncat: /tmp/a.log: No such file or directory\n`);
  });

  it("refuses corrupt input and unknown suffixes with gzip's messages, status 1", async () => {
    const bad = await run("gunzip 2>&1; echo status $?", { stdin: streamOf("not gzip at all\n") });
    expect(bad.stdout).toMatch(/^gunzip: stdin: not in gzip format or corrupt .*\nstatus 1\n$/);
    const suffix = await run("echo x > /tmp/plain; gunzip /tmp/plain 2>&1; echo status $?");
    expect(suffix.stdout).toBe("gunzip: /tmp/plain: unknown suffix -- ignored\nstatus 1\n");
  });

  it("charges its native work to the task's CPU budget", async () => {
    const r = await run("zcat > /dev/null", { stdin: streamOf(gzipSync(text.repeat(4))), limits: { cpuFuel: 10_000_000 } as never });
    expect(r.result.error).toEqual({ code: "TaskKilledError", message: "CPU limit exceeded" });
  });
});

describe("native programs and the task's files", () => {
  it("a file they cannot open is the program's error (status 1), not the task's", async () => {
    const r = await run("mput -f /tmp/nope /jo/stor/x; echo status $?; mget -o /assets/x /jo/stor/x; echo status $?");
    expect(r.result.error).toBeUndefined();
    expect(r.stdout).toBe("status 1\nstatus 1\n");
    expect(r.stderr).toBe("mput: /tmp/nope: No such file or directory\nmget: /assets/x: Read-only file system\n");
  });
});
