/**
 * Jobs through the real `mjob`, against a server started as the README says:
 * the README's word count and log grep, errors, cancel, a user WASI asset, and
 * recovery from `kill -9` in the middle of a job, and a sort that spills /tmp into storage.
 */
import { execFileSync } from "node:child_process";
import { gzipSync } from "node:zlib";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESIDENT_BYTES } from "../../sandbox/guest/scratch.ts";
import { makeUser, manta, startMobula, type MantaEnv, type MobulaServer } from "./harness.ts";

let server: MobulaServer;
let alice: MantaEnv;

beforeAll(async () => {
  server = await startMobula();
  alice = await makeUser(server, "alice", "ed25519");
  await manta("mmkdir", ["-p", "/alice/stor/logs"], { env: alice });
  const days = ["ERROR disk full\nINFO ok\nERROR net down\n", "INFO fine\nINFO fine\n", "ERROR once\nINFO x\nINFO y\nINFO z\n"];
  for (const [i, text] of days.entries()) await manta("mput", [`/alice/stor/logs/day${i}.log`], { env: alice, input: text });
});
afterAll(async () => {
  await server?.stop();
});

async function mjob(args: string[], input?: string) {
  return manta("mjob", args, { env: alice, ...(input !== undefined ? { input } : {}), timeoutMs: 120_000 });
}

async function inputs(): Promise<string> {
  return (await manta("mfind", ["-t", "o", "/alice/stor/logs"], { env: alice })).stdout.toString();
}

describe("mjob", () => {
  it("counts ERROR lines across the logs with a map and a reduce (README example)", async () => {
    // grep exits 1 on a file with no match (a task error, as in Manta), hence `|| true`.
    const r = await mjob(["create", "-o", "-m", "grep -c ERROR || true", "-r", 'awk "{s+=\\$1} END {print s}"'], await inputs());
    expect(r.stderr).toContain("added 3 inputs");
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toBe("3\n");
  });

  it("counts requests per status over gzipped JSON logs: zcat | json -ga, sort | uniq -c (README example)", async () => {
    const logs = [
      '{"status":200,"path":"/"}\n{"status":404,"path":"/x"}\n{"status":200,"path":"/a"}\n',
      '{"status":500,"path":"/api"}\n{"status":200,"path":"/"}\n',
    ];
    await manta("mmkdir", ["-p", "/alice/stor/weblogs"], { env: alice });
    for (const [i, text] of logs.entries()) await manta("mput", [`/alice/stor/weblogs/web-${i}.json.gz`], { env: alice, input: gzipSync(text) });
    const list = (await manta("mfind", ["-t", "o", "/alice/stor/weblogs"], { env: alice })).stdout.toString();
    const r = await mjob(["create", "-o", "-m", "zcat | json -ga status", "-r", "sort | uniq -c"], list);
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toBe("      3 200\n      1 404\n      1 500\n");
  });

  it("runs a word count map-only job and names outputs as Manta does", async () => {
    const r = await mjob(["create", "-w", "-m", "wc -l"], await inputs());
    expect(r.code).toBe(0);
    const id = r.stdout.toString().trim().split("\n")[0]!;
    const outs = (await mjob(["outputs", id])).stdout.toString().trim().split("\n").sort();
    expect(outs).toHaveLength(3);
    for (const o of outs) expect(o).toMatch(new RegExp(`^/alice/jobs/${id}/stor/alice/stor/logs/day\\d\\.log\\.0\\.`));
    const counts = await Promise.all(outs.map(async (o) => (await manta("mget", [o], { env: alice })).stdout.toString().trim()));
    expect(counts.map(Number).sort()).toEqual([2, 3, 4]);
    const job = JSON.parse((await mjob(["get", id])).stdout.toString()) as { state: string; stats: Record<string, number> };
    expect(job.state).toBe("done");
    expect(job.stats).toMatchObject({ errors: 0, outputs: 3, tasks: 3, tasksDone: 3 });
    expect(job.stats.bytesReadRemote).toBe(0);
  });

  it("reports a failing command as an error with its stderr saved", async () => {
    const r = await mjob(["create", "-w", "-m", "grep NOTHING_MATCHES"], "/alice/stor/logs/day1.log\n");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("had 1 error");
    const id = /job ([0-9a-f-]{36})/.exec(r.stderr)![1]!;
    const errs = (await mjob(["errors", id])).stdout.toString();
    expect(errs).toContain("UserTaskError");
    expect(errs).toContain("user command exited with code 1");
  });

  it("runs a user WASI program uploaded with mput, named as an asset", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mobula-asset-"));
    const src = path.join(dir, "upper.c");
    fs.writeFileSync(src, '#include <stdio.h>\n#include <ctype.h>\nint main(void){int c;while((c=getchar())!=EOF)putchar(toupper(c));return 0;}\n');
    execFileSync("clang", ["--target=wasm32-wasi", "-O2", "-o", path.join(dir, "upper.wasm"), src]);
    await manta("mmkdir", ["-p", "/alice/stor/bin"], { env: alice });
    expect((await manta("mput", ["-f", path.join(dir, "upper.wasm"), "/alice/stor/bin/upper.wasm"], { env: alice })).code).toBe(0);
    const r = await mjob(["create", "-o", "-s", "/alice/stor/bin/upper.wasm", "-m", "/assets/alice/stor/bin/upper.wasm"], "/alice/stor/logs/day1.log\n");
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toBe("INFO FINE\nINFO FINE\n".toUpperCase());
  });

  it("reads the input by name at $MANTA_INPUT_FILE, as Manta's documentation does", async () => {
    const text = "INFO fine\nINFO fine\n";
    const r = await mjob(["create", "-o", "-m", 'echo "$MANTA_INPUT_FILE" && wc -c $MANTA_INPUT_FILE && cat < $MANTA_INPUT_FILE'], "/alice/stor/logs/day1.log\n");
    expect(r.stderr.toString()).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const file = "/manta/alice/stor/logs/day1.log";
    expect(r.stdout.toString()).toBe(`${file}\n${text.length} ${file}\n${text}`);
  });

  it("cancels a job", async () => {
    const r = await mjob(["create", "--open", "-m", "wc -c"], "/alice/stor/logs/day0.log\n");
    const id = r.stdout.toString().trim();
    expect((await mjob(["cancel", id])).code).toBe(0);
    const job = JSON.parse((await mjob(["get", id])).stdout.toString()) as { state: string; cancelled: boolean };
    expect(job).toMatchObject({ state: "done", cancelled: true });
  });

  it("finishes a job interrupted by kill -9 with exactly one output per input", async () => {
    const n = 12;
    await manta("mmkdir", ["-p", "/alice/stor/many"], { env: alice });
    for (let i = 0; i < n; i++) await manta("mput", [`/alice/stor/many/f${i}`], { env: alice, input: `${i}\n` });
    // Each task burns some CPU so the kill lands mid-job.
    const exec = 'awk "BEGIN { for (i = 0; i < 2000000; i++) s += i } { print \\$1 }"';
    const names = Array.from({ length: n }, (_, i) => `/alice/stor/many/f${i}`).join("\n") + "\n";
    const created = await mjob(["create", "-m", exec], names);
    const id = created.stdout.toString().trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((r) => setTimeout(r, 1500));
    await server.kill9();
    await server.restart();
    const watched = await mjob(["watch", id]);
    expect(watched.code).toBe(0);
    const outs = (await mjob(["outputs", id])).stdout.toString().trim().split("\n");
    expect(outs).toHaveLength(n);
    const bases = outs.map((o) => o.replace(/\.0\.[^.]+$/, "")).sort();
    expect(new Set(bases).size).toBe(n);
    const values = await Promise.all(outs.map(async (o) => Number((await manta("mget", [o], { env: alice })).stdout.toString())));
    expect(values.sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
  });
});

/** Tab-separated lines that sort differently by each key. */
function corpus(bytes: number): Buffer {
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `${(i * 7919) % 100_003}\tuser${(i * 31) % 997}\tGET /img/${i % 4099}.jpg ${"x".repeat(i % 30)}`;
    out.push(line);
    size += line.length + 1;
  }
  return Buffer.from(out.join("\n") + "\n");
}

// The input is bigger than what /tmp keeps in memory (RESIDENT_BYTES) and the buffer small, so
// sort writes runs that go to the shard's bucket and merges them back.
describe("mjob with a sort that spills", () => {
  it("sorts an object bigger than /tmp keeps in memory with a 1 MiB buffer, as GNU sort does", async () => {
    const input = corpus(RESIDENT_BYTES + (8 << 20));
    await manta("mput", ["/alice/stor/access.tsv"], { env: alice, input });
    const args = ["-t", "\t", "-k2,2", "-k1,1nr"];
    const exec = `sort -S 1M ${args.map((a) => (a === "\t" ? "'\t'" : a)).join(" ")}`;
    const r = await manta("mjob", ["create", "-o", "-m", exec], { env: alice, input: "/alice/stor/access.tsv\n", timeoutMs: 300_000 });
    expect(r.stderr.toString()).not.toContain("error");
    expect(r.code).toBe(0);
    const gnu = execFileSync("sort", args, { input, env: { LC_ALL: "C", PATH: process.env.PATH ?? "/usr/bin:/bin" }, maxBuffer: 1 << 30 });
    expect(r.stdout.length).toBe(gnu.length);
    expect(r.stdout.equals(gnu)).toBe(true);
  }, 300_000);
});
