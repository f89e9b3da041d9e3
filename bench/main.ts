/**
 * `npm run bench`: starts Mobula (as `npm start` does) and a bare R2 Worker in
 * the same run, measures both, prints a table of ratios and saves JSON under
 * bench/results/. Sizes can be reduced for a quick run:
 * BENCH_SMALL=400 BENCH_BIG_MIB=1024 BENCH_LIST=100000 BENCH_JSON_MIB=1024 BENCH_RUBY_MIB=64
 * BENCH_SORT_MIB=256. BENCH_BIG_ROUNDS=5 repeats the big GET and one-copy PUT in interleaved
 * rounds (bench/storage.ts).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { registerAccount } from "./lib/account.ts";
import { startBare, startMobula } from "./lib/processes.ts";
import { benchFairness } from "./fairness.ts";
import { benchJobs } from "./jobs.ts";
import { benchMlogin } from "./mlogin.ts";
import { benchSandbox } from "./sandbox.ts";
import { benchSort } from "./sort.ts";
import { benchScale } from "./scale.ts";
import { benchStorage, type Row } from "./storage.ts";
import { benchUserland } from "./userland.ts";

const num = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
const opts = {
  small: num("BENCH_SMALL", 400),
  bigBytes: num("BENCH_BIG_MIB", 1024) * 2 ** 20,
  listEntries: num("BENCH_LIST", 100_000),
  tasks: num("BENCH_TASKS", 1000),
  overheadRuns: num("BENCH_JOB_RUNS", 20),
  scaleInputs: num("BENCH_SCALE_INPUTS", 10_000),
  scaleJobs: num("BENCH_SCALE_JOBS", 20),
  sortBytes: num("BENCH_SORT_MIB", 256) * 2 ** 20,
};
const parts = (process.env.BENCH_PARTS ?? "storage,sandbox,jobs,userland,sort,fairness,mlogin").split(",");

const state = mkdtempSync(join(tmpdir(), "mobula-bench-"));
const mobula = await startMobula(join(state, "mobula"));
const bare = await startBare(join(state, "bare"));
const rows: Row[] = [];
const notes: string[] = [];
try {
  const user = await registerAccount(mobula.url, join(state, "mobula"), "bench");
  if (parts.includes("storage")) {
    const storage = await benchStorage(mobula, bare, user, opts);
    rows.push(...storage.rows);
    notes.push(...storage.notes);
  }
  if (parts.includes("sandbox")) {
    const sandbox = await benchSandbox(mobula, join(state, "mobula"), 100);
    rows.push(...sandbox.rows);
    notes.push(...sandbox.notes);
  }
  if (parts.includes("jobs")) {
    const jobs = await benchJobs(mobula, bare, user, opts);
    rows.push(...jobs.rows);
    notes.push(...jobs.notes);
  }
  if (parts.includes("userland")) {
    const userland = await benchUserland(mobula, user, { bytes: num("BENCH_JSON_MIB", 1024) * 2 ** 20, rubyBytes: num("BENCH_RUBY_MIB", 64) * 2 ** 20, rounds: num("BENCH_USERLAND_RUNS", 3) });
    rows.push(...userland.rows);
    notes.push(...userland.notes);
  }
  if (parts.includes("sort")) {
    const sorted = await benchSort(mobula, user, opts);
    rows.push(...sorted.rows);
    notes.push(...sorted.notes);
  }
  if (parts.includes("fairness")) {
    const hostile = await registerAccount(mobula.url, join(state, "mobula"), "mallory");
    const fair = await benchFairness(mobula, user, hostile);
    rows.push(...fair.rows);
    notes.push(...fair.notes);
  }
  if (parts.includes("mlogin")) {
    const ml = await benchMlogin(mobula, join(state, "mobula"), { sessions: num("BENCH_MLOGIN_SESSIONS", 5), keys: num("BENCH_MLOGIN_KEYS", 200) });
    rows.push(...ml.rows);
    notes.push(...ml.notes);
  }
  if (parts.includes("scale")) {
    const scale = await benchScale(mobula, user, { inputs: opts.scaleInputs, jobs: opts.scaleJobs, perJob: 50 });
    rows.push(...scale.rows);
    notes.push(...scale.notes);
  }
} finally {
  await mobula.stop();
  await bare.stop();
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(2));
console.log("| metric | Mobula | bare baseline | unit | ratio | target |");
console.log("|---|---|---|---|---|---|");
const ratio = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : "—");
for (const r of rows) console.log(`| ${r.metric.replaceAll("|", "\\|")} | ${fmt(r.mobula)} | ${Number.isFinite(r.bare) ? fmt(r.bare) : "—"} | ${r.unit} | ${ratio(r.ratio)} | ${r.target} |`);
for (const n of notes) console.log(`- ${n}`);
mkdirSync("bench/results", { recursive: true });
const file = `bench/results/${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), opts, rows, notes }, null, 2));
console.log(`saved ${file}`);
