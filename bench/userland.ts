/**
 * Userland part of the bench (issue 10's "done when"): a job over a gzipped ~1 GiB JSON log,
 * `zcat | json -ga status` per object and `sort | uniq -c` in the reduce, with default limits,
 * against `zcat | wc -l` on the same object (decompression alone) in the same rounds; the
 * same count in Ruby (`ruby -rjson -ne`), to show what a scripting language costs. Counts are
 * checked against the generator's. Ruby runs over a smaller log (`rubyBytes`): at ~1.5 MiB/s
 * (measured) a 1 GiB log would outrun the task's default CPU limit.
 */
import { createGzip } from "node:zlib";
import type { Signer } from "./lib/account.ts";
import { jsonLogBody } from "./lib/json-log.ts";
import { percentile, request } from "./lib/measure.ts";
import type { Running } from "./lib/processes.ts";
import { output, runJob } from "./jobs.ts";
import type { Row } from "./storage.ts";

interface Log {
  path: string;
  packedBytes: number;
  lines: number;
  /** What `sort | uniq -c` prints for the statuses. */
  expected: string;
}

async function uploadLog(url: string, user: Signer, name: string, bytes: number): Promise<Log> {
  const { body, counts } = jsonLogBody(bytes);
  const chunks: Buffer[] = [];
  for await (const c of body.pipe(createGzip())) chunks.push(c as Buffer);
  const packed = Buffer.concat(chunks);
  const path = `/${user.login}/stor/${name}`;
  const up = await request(`${url}${path}`, "PUT", { ...user.headers(), "content-length": String(packed.length), "durability-level": "1" }, packed);
  if (up.status !== 204) throw new Error(`${path} PUT ${up.status}`);
  const expected = [...counts].sort(([a], [b]) => String(a).localeCompare(String(b))).map(([s, n]) => `${String(n).padStart(7)} ${s}`).join("\n");
  return { path, packedBytes: packed.length, lines: [...counts.values()].reduce((a, b) => a + b, 0), expected };
}

export async function benchUserland(mobula: Running, user: Signer, opts: { bytes: number; rubyBytes: number; rounds: number }): Promise<{ rows: Row[]; notes: string[] }> {
  const url = mobula.url;
  const mib = opts.bytes / 2 ** 20;
  const rubyMib = opts.rubyBytes / 2 ** 20;
  const log = await uploadLog(url, user, "access.json.gz", opts.bytes);
  const small = await uploadLog(url, user, "access-small.json.gz", opts.rubyBytes);
  const gz = log.path;
  const { expected, lines } = log;

  const notes: string[] = [];
  const t = { zcat: [] as number[], json: [] as number[], ruby: [] as number[], zcatSmall: [] as number[] };
  const failed: string[] = [];
  for (let i = 0; i < opts.rounds; i++) {
    const z = await runJob(url, user, "zcat | wc -l", [gz]);
    if (Number(await output(url, user, z.id)) !== lines) failed.push(`zcat | wc -l round ${i}`);
    t.zcat.push(z.secs);
    const j = await runJob(url, user, [{ type: "map", exec: "zcat | json -ga status" }, { type: "reduce", exec: "sort | uniq -c" }], [gz]);
    if ((await output(url, user, j.id)) !== expected.trim()) failed.push(`json round ${i}: errors ${j.status.stats.errors}`);
    t.json.push(j.secs);
    const zs = await runJob(url, user, "zcat | wc -l", [small.path]);
    t.zcatSmall.push(zs.secs);
    const r = await runJob(url, user, [{ type: "map", exec: `zcat | ruby -rjson -ne 'puts JSON.parse($_)["status"]'` }, { type: "reduce", exec: "sort | uniq -c" }], [small.path]);
    if ((await output(url, user, r.id).catch(() => "")) !== small.expected.trim()) failed.push(`ruby round ${i}: errors ${r.status.stats.errors}`);
    t.ruby.push(r.secs);
  }
  const med = (xs: number[]) => percentile(xs, 50);
  const spread = (xs: number[]) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)} s`;
  const gzMib = (log.packedBytes / 2 ** 20).toFixed(0);
  notes.push(`userland (${opts.rounds} interleaved rounds, submit → done): zcat | wc -l ${spread(t.zcat)}, json job ${spread(t.json)}, ruby job ${spread(t.ruby)}; ${lines} lines, ${gzMib} MiB gzipped`);
  notes.push(failed.length ? `userland: WRONG or failed: ${failed.join("; ")}` : "userland: every job's counts matched the generator's");
  return {
    rows: [
      { metric: `zcat | json -ga status, sort | uniq -c over ${mib.toFixed(0)} MiB of JSON (${gzMib} MiB gzipped) vs zcat | wc -l`, mobula: mib / med(t.json), bare: mib / med(t.zcat), unit: "MiB/s", ratio: med(t.zcat) / med(t.json), target: "finishes with default limits" },
      { metric: `the same count in ruby -rjson -ne over ${rubyMib.toFixed(0)} MiB vs zcat | wc -l`, mobula: rubyMib / med(t.ruby), bare: rubyMib / med(t.zcatSmall), unit: "MiB/s", ratio: med(t.zcatSmall) / med(t.ruby), target: "—" },
    ],
    notes,
  };
}
