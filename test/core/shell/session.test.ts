import { describe, expect, it } from "vitest";
import { ShellSession } from "../../../core/shell/index.ts";
import { FakeHost, MemorySink, memorySource } from "./fake-host.ts";

async function line(session: ShellSession, source: string, host = new FakeHost()) {
  const out = new MemorySink();
  const r = await session.run(source, host, { stdin: memorySource(""), stdout: out, stderr: out });
  return { ...r, out: out.text };
}

describe("ShellSession", () => {
  it("keeps cd, variables, exports and functions from one line to the next", async () => {
    const s = new ShellSession({ HOME: "/root" });
    await line(s, "cd /tmp; X=1; export Y=2; f() { echo in f $1; }");
    expect((await line(s, "pwd; echo $X $Y; f a")).out).toBe("/tmp\n1 2\nin f a\n");
  });

  it("reports $? across lines, and `exit` ends the session", async () => {
    const s = new ShellSession({});
    expect(await line(s, "false")).toMatchObject({ status: 1, exit: false });
    expect((await line(s, "echo $?")).out).toBe("1\n");
    s.status = 130;
    expect((await line(s, "echo $?")).out).toBe("130\n");
    expect(await line(s, "exit 3")).toMatchObject({ status: 3, exit: true });
  });

  it("a syntax error costs the line, not the session", async () => {
    const s = new ShellSession({});
    const r = await line(s, "echo (");
    expect(r).toMatchObject({ status: 2, exit: false });
    expect(r.out).toContain("syntax error");
    expect((await line(s, "echo ok")).out).toBe("ok\n");
  });

  it("awaits the tick at every loop iteration, and a throwing tick ends the loop", async () => {
    let ticks = 0;
    const s = new ShellSession({}, "/", {
      tick: async () => {
        if (++ticks > 100) throw new Error("stopped");
      },
    });
    await expect(line(s, "while true; do :; done")).rejects.toThrow("stopped");
    expect(ticks).toBe(101);
  });
});
