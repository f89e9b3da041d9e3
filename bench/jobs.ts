/** Jobs and sandbox parts of the bench: job overhead, task rate, in-situ wc -l and grep -c vs a bare read and mget | wc -l. */
import { createGzip } from "node:zlib";
import { spawn } from "node:child_process";
import type { Signer } from "./lib/account.ts";
import { generatedBody, logLikeBody, percentile, pool, request } from "./lib/measure.ts";
import type { Running } from "./lib/processes.ts";
import type { Row } from "./storage.ts";

interface JobStatus {
  state: string;
  stats: Record<string, number>;
}

/** A map job on `exec`, or a job of the given phases, submitted and waited for. */
export async function runJob(url: string, user: Signer, exec: string | Array<{ type: "map" | "reduce"; exec: string }>, inputs: string[]): Promise<{ secs: number; id: string; status: JobStatus }> {
  const t0 = performance.now();
  const phases = typeof exec === "string" ? [{ type: "map", exec }] : exec;
  const created = await fetch(`${url}/${user.login}/jobs`, {
    method: "POST",
    headers: { ...user.headers(), "content-type": "application/json; type=job" },
    body: JSON.stringify({ name: "bench", phases }),
  });
  if (created.status !== 201) throw new Error(`create job: ${created.status} ${await created.text()}`);
  const id = created.headers.get("location")!.split("/").pop()!;
  for (let i = 0; i < inputs.length; i += 1000) {
    const r = await fetch(`${url}/${user.login}/jobs/${id}/live/in`, { method: "POST", headers: { ...user.headers(), "content-type": "text/plain" }, body: inputs.slice(i, i + 1000).join("\n") });
    if (r.status !== 204) throw new Error(`live/in ${r.status}`);
  }
  await fetch(`${url}/${user.login}/jobs/${id}/live/in/end`, { method: "POST", headers: { ...user.headers(), "content-type": "application/json" }, body: "{}" });
  for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
    const s = (await (await fetch(`${url}/${user.login}/jobs/${id}/live/status`, { headers: user.headers() })).json()) as JobStatus;
    if (s.state === "done") return { secs: (performance.now() - t0) / 1000, id, status: s };
    await new Promise((r) => setTimeout(r, wait));
  }
}

export async function output(url: string, user: Signer, id: string): Promise<string> {
  const outs = (await (await fetch(`${url}/${user.login}/jobs/${id}/live/out`, { headers: user.headers() })).text()).trim().split("\n");
  return (await (await fetch(`${url}${outs[0]}`, { headers: user.headers() })).text()).trim();
}

/** `mget | wc -l` through the API: stream the object to a real `wc -l`. */
async function mgetWc(url: string, user: Signer, path: string): Promise<{ secs: number; lines: number }> {
  const t0 = performance.now();
  const wc = spawn("wc", ["-l"], { stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  wc.stdout.on("data", (d: Buffer) => (out += d));
  const res = await fetch(`${url}${path}`, { headers: user.headers() });
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) if (!wc.stdin.write(chunk)) await new Promise((r) => wc.stdin.once("drain", r));
  wc.stdin.end();
  await new Promise((r) => wc.once("close", r));
  return { secs: (performance.now() - t0) / 1000, lines: Number(out.trim()) };
}

export async function benchJobs(mobula: Running, bare: Running, user: Signer, opts: { bigBytes: number; tasks: number; overheadRuns: number }): Promise<{ rows: Row[]; notes: string[] }> {
  const url = mobula.url;
  const rows: Row[] = [];
  const notes: string[] = [];
  const mib = opts.bigBytes / 2 ** 20;
  const put = (path: string, body: Buffer) => request(`${url}${path}`, "PUT", { ...user.headers(), "content-length": String(body.length) }, body);

  // Job overhead: a 1-input map job, submit to done.
  await put(`/${user.login}/stor/one`, Buffer.from("one line\n"));
  const times: number[] = [];
  for (let i = 0; i < opts.overheadRuns; i++) times.push((await runJob(url, user, "wc -l", [`/${user.login}/stor/one`])).secs * 1000);
  rows.push({ metric: "1-input map job, submit → done, p50", mobula: percentile(times, 50), bare: NaN, unit: "ms", ratio: NaN, target: "well under 1 s" });
  rows.push({ metric: "1-input map job, submit → done, p99", mobula: percentile(times, 99), bare: NaN, unit: "ms", ratio: NaN, target: "—" });

  // Task rate over many small inputs.
  await request(`${url}/${user.login}/stor/small`, "PUT", { ...user.headers(), "content-type": "application/json; type=directory" });
  await pool(opts.tasks, 16, async (i) => {
    await put(`/${user.login}/stor/small/in${i}`, Buffer.from(`${i}\n`));
  });
  const many = await runJob(url, user, "wc -c", Array.from({ length: opts.tasks }, (_, i) => `/${user.login}/stor/small/in${i}`));
  rows.push({ metric: `${opts.tasks} small inputs, map wc -c`, mobula: opts.tasks / many.secs, bare: NaN, unit: "tasks/s", ratio: NaN, target: "—" });
  notes.push(`${opts.tasks}-input job: errors ${many.status.stats.errors}, bytes read remotely ${many.status.stats.bytesReadRemote ?? "n/a"}`);

  // In-situ wc -l over a big object vs the bare Worker reading it, vs mget | wc -l.
  const big = `/${user.login}/stor/big.log`;
  const up = await request(`${url}${big}`, "PUT", { ...user.headers(), "content-length": String(opts.bigBytes), "durability-level": "1" }, generatedBody(opts.bigBytes));
  if (up.status !== 204) throw new Error(`big PUT ${up.status}`);
  await request(`${bare.url}/big.log`, "PUT", { "content-length": String(opts.bigBytes) }, generatedBody(opts.bigBytes));
  // Issue 10: `zcat | wc -l` within 2× of `wc -l` on the plain object — a log that compresses
  // as logs do, stored plain and gzipped.
  const logs = `/${user.login}/stor/access.log`;
  const gz = `${logs}.gz`;
  const chunks: Buffer[] = [];
  for await (const c of logLikeBody(opts.bigBytes).pipe(createGzip())) chunks.push(c as Buffer);
  const packed = Buffer.concat(chunks);
  for (const [path, body, length] of [[logs, logLikeBody(opts.bigBytes), opts.bigBytes], [gz, packed, packed.length]] as const) {
    const r = await request(`${url}${path}`, "PUT", { ...user.headers(), "content-length": String(length), "durability-level": "1" }, body);
    if (r.status !== 204) throw new Error(`${path} PUT ${r.status}`);
  }
  // Interleaved runs (the machine is shared): each round times the bare read, the wc -l and
  // grep -c jobs and mget | wc -l back to back; rows give medians, notes the spreads.
  const rounds = Number(process.env.BENCH_INSITU_RUNS ?? 5);
  const t = { bare: [] as number[], wc: [] as number[], grep: [] as number[], mget: [] as number[], zcat: [] as number[], wcLogs: [] as number[] };
  let remote = 0;
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    const bareLines = Number((await request(`${bare.url}/big.log?count-lines`, "GET", {})).text);
    t.bare.push((performance.now() - t0) / 1000);
    const wc = await runJob(url, user, "wc -l", [big]);
    t.wc.push(wc.secs);
    const lines = Number(await output(url, user, wc.id));
    const grep = await runJob(url, user, "grep -c ERROR", [big]);
    t.grep.push(grep.secs);
    const viaApi = await mgetWc(url, user, big);
    t.mget.push(viaApi.secs);
    const plain = await runJob(url, user, "wc -l", [logs]);
    t.wcLogs.push(plain.secs);
    const zcat = await runJob(url, user, "zcat | wc -l", [gz]);
    t.zcat.push(zcat.secs);
    const [plainLines, zlines] = [Number(await output(url, user, plain.id)), Number(await output(url, user, zcat.id))];
    if (zlines !== plainLines) notes.push(`zcat | wc -l counted ${zlines}, wc -l ${plainLines}`);
    remote += (wc.status.stats.bytesReadRemote ?? 0) + (grep.status.stats.bytesReadRemote ?? 0);
    if (lines !== bareLines || lines !== viaApi.lines) notes.push(`line counts differ: job ${lines}, bare ${bareLines}, mget|wc ${viaApi.lines}`);
  }
  const med = (xs: number[]) => percentile(xs, 50);
  const ratios = (num: number[], den: number[]) => num.map((n, i) => n / den[i]!);
  const spread = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
  const wcVsBare = ratios(t.bare, t.wc);
  const grepVsBare = ratios(t.bare, t.grep);
  const wcVsMget = ratios(t.mget, t.wc);
  const zcatVsWc = ratios(t.wcLogs, t.zcat);
  rows.push({ metric: `wc -l over ${mib} MiB: map job vs bare Worker R2 read`, mobula: mib / med(t.wc), bare: mib / med(t.bare), unit: "MiB/s", ratio: med(wcVsBare), target: "≥ 0.7×" });
  rows.push({ metric: `grep -c over ${mib} MiB: map job vs bare Worker R2 read`, mobula: mib / med(t.grep), bare: mib / med(t.bare), unit: "MiB/s", ratio: med(grepVsBare), target: "≥ 0.5×" });
  rows.push({ metric: `wc -l over ${mib} MiB: map job vs mget piped to wc -l`, mobula: mib / med(t.wc), bare: mib / med(t.mget), unit: "MiB/s", ratio: med(wcVsMget), target: "> 1×" });
  rows.push({ metric: `zcat | wc -l over ${mib} MiB gzipped (${(packed.length / 2 ** 20).toFixed(0)} MiB) vs wc -l on the plain object`, mobula: mib / med(t.zcat), bare: mib / med(t.wcLogs), unit: "MiB/s", ratio: med(zcatVsWc), target: "≥ 0.5× (within 2×)" });
  notes.push(`zcat | wc -l / wc -l per-round ratio range ${spread(zcatVsWc)} (throughput in decompressed MiB/s)`);
  notes.push(`in-situ (${rounds} interleaved rounds, medians; per-round ratio ranges): wc -l/bare ${spread(wcVsBare)}, grep -c/bare ${spread(grepVsBare)}, wc -l/mget|wc ${spread(wcVsMget)}; jobs are timed submit → done`);
  notes.push(`in-situ jobs read ${remote} bytes from a remote shard`);

  // API latency while a CPU-heavy job runs (SPEC §4: compute never starves the API).
  const spin = runJob(url, user, 'awk "BEGIN { for (i = 0; i < 50000000; i++) s += i; print s }"', [`/${user.login}/stor/one`]);
  await new Promise((r) => setTimeout(r, 300));
  const lat: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await request(`${url}/${user.login}/stor/one`, "GET", user.headers());
    lat.push(performance.now() - t);
  }
  await spin;
  const idle: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await request(`${url}/${user.login}/stor/one`, "GET", user.headers());
    idle.push(performance.now() - t);
  }
  rows.push({ metric: "GET latency while a CPU-bound job runs vs idle", mobula: percentile(lat, 50), bare: percentile(idle, 50), unit: "ms p50", ratio: percentile(idle, 50) / percentile(lat, 50), target: "≈ 1×" });
  return { rows, notes };
}
