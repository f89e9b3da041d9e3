/**
 * Sorting a large object in a map job with the default limits (1 GiB memory, 8 GiB disk):
 * sort's runs spill through /tmp into storage and merge back. The baseline is GNU sort on
 * the host over the same bytes (LC_ALL=C, its own defaults); the output must match it, which
 * the bench checks by SHA-256 rather than by holding either in memory.
 * Size: BENCH_SORT_MIB (default 256; docs/bench/2026-11-28-sort.txt records a 2 GiB run).
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { Signer } from "./lib/account.ts";
import { logLikeBody, request } from "./lib/measure.ts";
import type { Running } from "./lib/processes.ts";
import { runJob } from "./jobs.ts";
import type { Row } from "./storage.ts";

async function gnuSort(file: string): Promise<{ secs: number; sha: string; bytes: number }> {
  const t0 = performance.now();
  const sort = spawn("sort", [file], { env: { LC_ALL: "C", PATH: process.env.PATH ?? "/usr/bin:/bin", TMPDIR: tmpdir() }, stdio: ["ignore", "pipe", "inherit"] });
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of sort.stdout as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  const code = await new Promise((r) => sort.once("close", r));
  if (code !== 0) throw new Error(`GNU sort exited ${code}`);
  return { secs: (performance.now() - t0) / 1000, sha: hash.digest("hex"), bytes };
}

async function outputDigest(url: string, user: Signer, id: string): Promise<{ sha: string; bytes: number }> {
  const outs = (await (await fetch(`${url}/${user.login}/jobs/${id}/live/out`, { headers: user.headers() })).text()).trim().split("\n");
  const res = await fetch(`${url}${outs[0]}`, { headers: user.headers() });
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha: hash.digest("hex"), bytes };
}

export async function benchSort(mobula: Running, user: Signer, opts: { sortBytes: number }): Promise<{ rows: Row[]; notes: string[] }> {
  const url = mobula.url;
  const mib = opts.sortBytes / 2 ** 20;
  const file = join(tmpdir(), `mobula-bench-sort-${process.pid}.log`);
  try {
    await pipeline(logLikeBody(opts.sortBytes), createWriteStream(file));
    const path = `/${user.login}/stor/sort-input.log`;
    const size = statSync(file).size;
    const up = await request(`${url}${path}`, "PUT", { ...user.headers(), "content-length": String(size), "durability-level": "1" }, createReadStream(file));
    if (up.status !== 204) throw new Error(`sort input PUT ${up.status}`);
    const gnu = await gnuSort(file);
    const job = await runJob(url, user, "sort", [path]);
    const notes: string[] = [];
    const st = job.status.stats;
    if (st.errors) notes.push(`sort job over ${mib} MiB: ${st.errors} error(s); see /${user.login}/jobs/${job.id}/err.txt`);
    const out = st.outputs ? await outputDigest(url, user, job.id) : { sha: "none", bytes: 0 };
    notes.push(
      `sort over ${mib} MiB in a map job (default limits): ${job.secs.toFixed(1)} s, GNU sort on the host ${gnu.secs.toFixed(1)} s; ` +
        `output ${out.sha === gnu.sha ? "matched" : "DID NOT match"} GNU sort's (${out.bytes} vs ${gnu.bytes} bytes, sha256 ${out.sha.slice(0, 16)}…)`,
    );
    return {
      rows: [{ metric: `sort over ${mib} MiB: map job (spilling to /tmp in storage) vs GNU sort on the host`, mobula: mib / job.secs, bare: mib / gnu.secs, unit: "MiB/s", ratio: gnu.secs / job.secs, target: "finishes, output = GNU's" }],
      notes,
    };
  } finally {
    rmSync(file, { force: true });
  }
}
