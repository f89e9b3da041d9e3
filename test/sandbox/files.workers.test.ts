// The task's file view: the input object read-only at its Manta path, /assets
// read-only, /tmp writable but bounded, and nothing of the host at all.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { TaskScratch } from "../../durable-objects/shard/scratch.ts";
import { run, streamOf } from "./helpers.ts";

const text = "alpha\nbeta\ngamma\n";

function inputOf(content: string, path = "/jo/stor/logs/a.txt") {
  const bytes = new TextEncoder().encode(content);
  const reads: Array<[number, number]> = [];
  return {
    reads,
    input: {
      path,
      size: bytes.length,
      read: async (offset: number, length: number) => {
        reads.push([offset, length]);
        return bytes.slice(offset, offset + length);
      },
    },
  };
}

describe("sandbox file system", () => {
  it("cannot open /etc/passwd or climb out with ..", async () => {
    const r = await run("escape");
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(6);
    expect(lines.filter((l) => l.endsWith(" ok"))).toEqual([]);
    expect(lines[0]).toBe("/etc/passwd errno=44"); // ENOENT: there is no /etc
    expect(lines.slice(1, 4).every((l) => /errno=(44|76)$/.test(l))).toBe(true); // ENOENT or ENOTCAPABLE
  });

  it("mounts the map input read-only at /manta/<path>, read through the capability", async () => {
    const { input, reads } = inputOf(text);
    // $MANTA_INPUT_FILE is set by the sandbox from the input's object path, not by the test.
    const r = await run('echo "$MANTA_INPUT_FILE"; cat "$MANTA_INPUT_FILE"; escape /manta/jo/stor/logs/a.txt', { input });
    expect(r.stdout).toBe(`/manta/jo/stor/logs/a.txt\n${text}/manta/jo/stor/logs/a.txt ok\n`);
    expect(reads.length).toBeGreaterThan(0);
    const w = await run("echo x > /manta/jo/stor/logs/a.txt", { input });
    expect(w.result.exitCode).not.toBe(0);
    expect(w.stderr).toMatch(/Read-only file system/);
  });

  it("lets a program write and list /tmp, up to the disk limit (ENOSPC beyond)", async () => {
    const small = await run("tmpfill 64", { limits: { diskMiB: 1 } as never });
    expect(small.stdout).toBe("wrote 64 KiB, errno=0, read 65536\nentry fill\n");
    const big = await run("tmpfill 4096", { limits: { diskMiB: 1 } as never });
    expect(big.stdout).toBe("wrote 1024 KiB, errno=51, read 1048576\nentry fill\n");
  });

  it("stops a spilling sort at the disk limit with ENOSPC and says which limit it hit", async () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `${(i * 7919) % 60_013} line ${i}`).join("\n") + "\n";
    const scratch = new TaskScratch(env.SHARD_0, "job-q", "task-q#1");
    const r = await run("sort -S 64K", { stdin: streamOf(lines), limits: { diskMiB: 1 } as never }, { scratch: scratch.call });
    await scratch.reclaim();
    expect(r.result.exitCode).toBe(2);
    expect(r.stderr).toBe("mobula: /tmp is full: the phase's disk limit is 1 MiB\nsort: write failed: /tmp: No space left on device\n");
    expect((await env.SHARD_0.list({ prefix: "tmp/job-q/" })).objects).toEqual([]);
  });

  it("a sort refused memory by the task's budget spills what it holds and goes on", async () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => `${(i * 7919) % 200_003}\tsome words here ${i % 13}`);
    const scratch = new TaskScratch(env.SHARD_0, "job-m", "task-m#1");
    const r = await run("sort -k1,1n | md5sum", { stdin: streamOf(lines.join("\n") + "\n"), limits: { memoryMiB: 8, diskMiB: 64 } as never }, { scratch: scratch.call });
    await scratch.reclaim();
    const want = [...lines].sort((a, b) => Number(a.split("\t")[0]) - Number(b.split("\t")[0]) || (a < b ? -1 : 1));
    expect(r.result.error).toBeUndefined();
    expect(r.stderr).toBe("");
    const digest = await crypto.subtle.digest("MD5", new TextEncoder().encode(want.join("\n") + "\n"));
    expect(r.stdout).toBe(`${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("")}  -\n`);
  });

  it("shares /tmp between init and exec, and between the stages of a task", async () => {
    const r = await run("cat /tmp/greeting && echo more >> /tmp/greeting && cat < /tmp/greeting", {
      init: "echo hello > /tmp/greeting",
    });
    expect(r.stdout).toBe("hello\nhello\nmore\n");
    expect(r.result.error).toBeUndefined();
  });

  it("serves assets read-only under /assets and /dev/null as a sink", async () => {
    const assets = { "jo/stor/words.txt": new TextEncoder().encode("x y z\n").buffer as ArrayBuffer };
    const r = await run("cat /assets/jo/stor/words.txt; echo gone > /dev/null; cat /dev/null", { assets });
    expect(r.stdout).toBe("x y z\n");
    const w = await run("echo x > /assets/jo/stor/words.txt", { assets });
    expect(w.stderr).toMatch(/Read-only file system/);
  });

  it("fails init with TaskInitError when the init command fails", async () => {
    const r = await run("echo never", { init: "cat /tmp/missing" });
    expect(r.result.error?.code).toBe("TaskInitError");
    expect(r.stdout).toBe("");
  });
});
