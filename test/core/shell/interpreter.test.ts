import { describe, expect, it } from "vitest";
import { runShell } from "../../../core/shell/index.ts";
import { FakeHost, MemorySink, memorySource } from "./fake-host.ts";
import { sh } from "./run.ts";

describe("runShell: external programs", () => {
  it("passes field-split argv to the host and returns the last stage's status", async () => {
    const host = new FakeHost();
    const r = await sh(`x="1  2"; args $x "$x" '' "" a\\ b`, { host });
    expect(r.stdout).toBe("<1>\n<2>\n<1  2>\n<>\n<>\n<a b>\n");
    expect(host.calls).toEqual([["args", "1", "2", "1  2", "", "", "a b"]]);
  });

  it("gives programs exported variables and per-command assignments, but not plain shell variables", async () => {
    const r = await sh("A=shell; printenv A; echo $?; export B=exp; printenv B; C=once printenv C; printenv C; echo $?; printenv HOME");
    expect(r.stdout).toBe("1\nexp\nonce\n1\n/home/u\n");
  });

  it("connects stages with pipes and reports the exit status of the last one", async () => {
    expect(await sh("echo hello | upper | args")).toMatchObject({ stdout: "", status: 0 });
    expect(await sh("echo hello | upper")).toMatchObject({ stdout: "HELLO\n", status: 0 });
    expect(await sh("echo x | fail")).toMatchObject({ status: 3 });
    expect(await sh("fail | upper")).toMatchObject({ status: 0 });
    expect(await sh("! fail")).toMatchObject({ status: 0 });
  });

  it("reports a missing program with 127 (the host prints the message)", async () => {
    expect(await sh("nosuch arg; echo $?")).toEqual({ status: 0, stdout: "127\n", stderr: "sh: nosuch: command not found\n" });
  });

  it("captures external output in command substitution", async () => {
    expect((await sh("x=$(echo hi | upper); echo \"[$x]\"")).stdout).toBe("[HI]\n");
  });

  it("leaves the bytes after a `read` line on stdin for the next program", async () => {
    expect((await sh("read first; echo \"1:$first\"; upper", { stdin: "one\ntwo\nthree\n" })).stdout).toBe("1:one\nTWO\nTHREE\n");
  });

  it("feeds here-documents and here-strings to programs", async () => {
    expect((await sh("x=v; upper <<EOF\nabc $x\nEOF\nupper <<< 'q r'")).stdout).toBe("ABC V\nQ R\n");
  });

  it("runs background jobs concurrently and waits for them", async () => {
    expect((await sh("echo a | upper & wait; echo b")).stdout).toBe("A\nb\n");
  });

  it("keeps the working directory in the shell and hands it to programs", async () => {
    expect((await sh("cd /a/b/../c; showcwd; (cd /tmp; showcwd); showcwd; cd; pwd")).stdout).toBe("/a/c\n/tmp\n/a/c\n/home/u\n");
  });
});

describe("runShell: redirections", () => {
  it("writes, appends and reads files through the host", async () => {
    const host = new FakeHost();
    const r = await sh("echo one > f; echo two >> f; upper < f; echo three 1>f; cat < /work/f", { host, cwd: "/work" });
    expect(r.stdout).toBe("ONE\nTWO\nthree\n");
    expect(host.files.get("/work/f")).toBe("three\n");
  });

  it("applies 2>&1 and > in order, as bash does", async () => {
    const host = new FakeHost();
    const a = await sh("warn first >f 2>&1; warn second 2>&1 >g", { host });
    expect(host.files.get("/f")).toBe("first\n");
    expect(host.files.get("/g")).toBe("");
    expect(a.stdout).toBe("second\n");
    expect(a.stderr).toBe("");
  });

  it("supports 2>, 2>>, N>file with >&N, &> and closing fds", async () => {
    const host = new FakeHost();
    const r = await sh("warn e1 2>err; warn e2 2>>err; echo via3 3>three >&3; warn both &>all; echo gone >&-; echo $?", { host });
    expect(host.files.get("/err")).toBe("e1\ne2\n");
    expect(host.files.get("/three")).toBe("via3\n");
    expect(host.files.get("/all")).toBe("both\n");
    expect(r.stdout).toBe("1\n");
    expect(r.stderr).toBe("sh: echo: write error: Bad file descriptor\n");
  });

  it("fails the command, not the script, when a file cannot be opened", async () => {
    const r = await sh("upper < missing; echo $?; echo x > /readonly/f; echo $?");
    expect(r.stdout).toBe("1\n1\n");
    expect(r.stderr).toBe("sh: missing: No such file or directory\nsh: /readonly/f: Permission denied\n");
  });

  it("redirects a whole compound command and makes `exec >file` permanent", async () => {
    const host = new FakeHost();
    const r = await sh("for i in 1 2; do echo $i; done > loop; exec > log; echo a; upper <<< b", { host });
    expect(host.files.get("/loop")).toBe("1\n2\n");
    expect(host.files.get("/log")).toBe("a\nB\n");
    expect(r.stdout).toBe("");
  });

  it("reports an ambiguous redirect", async () => {
    const r = await sh('f="a b"; echo x > $f; echo $?');
    expect(r).toMatchObject({ stdout: "1\n", stderr: "sh: a b: ambiguous redirect\n" });
  });
});

describe("runShell: errors and exit", () => {
  it("prints a bash-like syntax error with its position and returns 2 without running anything", async () => {
    const host = new FakeHost();
    expect(await sh("echo a; echo b |", { host })).toEqual({ status: 2, stdout: "", stderr: "sh: syntax error: unexpected end of file (at position 16)\n" });
    expect(await sh("echo a && | b")).toMatchObject({ status: 2, stderr: "sh: syntax error: unexpected token `|' (at position 10)\n" });
    expect(host.calls).toEqual([]);
  });

  it("ends the script at `exit N` with N", async () => {
    expect(await sh("echo a; exit 5; echo b")).toMatchObject({ status: 5, stdout: "a\n" });
    expect(await sh("false; exit")).toMatchObject({ status: 1 });
    expect(await sh("(exit 6); echo $?")).toMatchObject({ status: 0, stdout: "6\n" });
  });

  it("names the builtin in its error messages", async () => {
    expect(await sh("[ 1 -eq x ]")).toMatchObject({ status: 2, stderr: "sh: [: x: integer expression expected\n" });
    expect(await sh("[ a = a")).toMatchObject({ status: 2, stderr: "sh: [: missing `]'\n" });
  });

  it("never closes the caller's io", async () => {
    const stdout = new MemorySink();
    const stderr = new MemorySink();
    await runShell("echo a | upper; echo b >&2; exit 0", { env: {}, host: new FakeHost(), io: { stdin: memorySource(""), stdout, stderr } });
    expect([stdout.text, stdout.closed, stderr.closed]).toEqual(["A\n", false, false]);
  });

  it("limits runaway recursion with an error instead of a crash", async () => {
    const r = await sh("f() { f; }; f; echo after");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("maximum function nesting level exceeded");
  });
});
