import { describe, expect, it } from "vitest";
import { BrokenPipeError, Pipe, runShell } from "../../../core/shell/index.ts";
import { FakeHost, MemorySink, memorySource, yesStats } from "./fake-host.ts";

const bytes = (n: number) => new Uint8Array(n).fill(65);

describe("Pipe", () => {
  it("makes a writer wait while the buffer is full and resumes it as the reader drains", async () => {
    const pipe = new Pipe(10);
    let done = false;
    const writing = pipe.writer.write(bytes(25)).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(done).toBe(false);
    let received = 0;
    while (received < 25) received += (await pipe.reader.read(100))?.length ?? 0;
    await writing;
    expect(done).toBe(true);
    expect(pipe.maxBuffered).toBe(10);
  });

  it("returns null at EOF after the writer closes and the buffer is drained", async () => {
    const pipe = new Pipe();
    await pipe.writer.write(bytes(3));
    await pipe.writer.close();
    expect((await pipe.reader.read(2))?.length).toBe(2);
    expect((await pipe.reader.read(2))?.length).toBe(1);
    expect(await pipe.reader.read(2)).toBeNull();
  });

  it("rejects pending and later writes with an EPIPE error once the reader closes", async () => {
    const pipe = new Pipe(4);
    const pending = pipe.writer.write(bytes(10));
    pipe.reader.close();
    await expect(pending).rejects.toBeInstanceOf(BrokenPipeError);
    await expect(pipe.writer.write(bytes(1))).rejects.toMatchObject({ code: "EPIPE" });
  });

  it("copies written chunks, so a writer may reuse its buffer", async () => {
    const pipe = new Pipe();
    const buffer = new Uint8Array([1, 2, 3]);
    await pipe.writer.write(buffer);
    buffer.fill(9);
    expect([...((await pipe.reader.read(10)) ?? [])]).toEqual([1, 2, 3]);
  });
});

describe("pipelines under back-pressure", () => {
  it("ends `yes | head -n 3` with bounded buffering: the writer is stopped by EPIPE", async () => {
    const pipes: Pipe[] = [];
    const stdout = new MemorySink();
    yesStats.written = 0;
    const status = await runShell("yes | head -n 3; echo $?", {
      env: {},
      host: new FakeHost(),
      io: { stdin: memorySource(""), stdout, stderr: new MemorySink() },
      pipeCapacity: 16 * 1024,
      onPipe: (p) => pipes.push(p),
    });
    expect(status).toBe(0);
    expect(stdout.text).toBe("y\ny\ny\n0\n");
    expect(pipes).toHaveLength(1);
    expect(pipes[0].maxBuffered).toBeLessThanOrEqual(16 * 1024);
    expect(pipes[0].maxBuffered).toBeGreaterThan(0);
    // yes wrote at most what fits in the pipe plus the chunk that was cut off.
    expect(yesStats.written).toBeLessThanOrEqual(16 * 1024 + 8192);
  });

  it("stops a builtin loop writing into a closed pipe, like SIGPIPE (status 141 for that stage)", async () => {
    const stdout = new MemorySink();
    const status = await runShell("while true; do echo y; done | head -n 2; echo done", {
      env: {},
      host: new FakeHost(),
      io: { stdin: memorySource(""), stdout, stderr: new MemorySink() },
    });
    expect(status).toBe(0);
    expect(stdout.text).toBe("y\ny\ndone\n");
  });

  it("reports 141 for the writing stage under pipefail", async () => {
    const stdout = new MemorySink();
    await runShell("set -o pipefail; yes | head -n 1; echo $?", {
      env: {},
      host: new FakeHost(),
      io: { stdin: memorySource(""), stdout, stderr: new MemorySink() },
    });
    expect(stdout.text).toBe("y\n141\n");
  });

  it("streams a large input through three stages with every pipe bounded", async () => {
    const pipes: Pipe[] = [];
    const stdout = new MemorySink();
    const input = "line of text\n".repeat(20000); // 260 KB
    const status = await runShell("cat | upper | count", {
      env: {},
      host: new FakeHost(),
      io: { stdin: memorySource(input), stdout, stderr: new MemorySink() },
      onPipe: (p) => pipes.push(p),
    });
    expect(status).toBe(0);
    expect(stdout.text).toBe("20000\n");
    for (const p of pipes) expect(p.maxBuffered).toBeLessThanOrEqual(64 * 1024);
  });
});
