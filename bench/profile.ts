/**
 * CPU profile of an in-situ map job (`npx tsx bench/profile.ts`): starts `wrangler dev`
 * on its own state folder, stores a big object, and while one job over it runs, samples
 * every isolate workerd's own inspector lists (the front Worker with its Durable Objects,
 * and the sandbox isolates of the Worker Loader, which wrangler's inspector proxy does not
 * show). Writes one .cpuprofile per isolate and prints self time by function.
 * One isolate per run (workerd answered only one inspector session at a time here):
 * PROFILE_TARGET=sandbox (default) or main. PROFILE_MIB (default 256), PROFILE_EXEC
 * (default "wc -l"), PROFILE_OUT (default /tmp).
 */
import { spawn } from "node:child_process";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { registerAccount } from "./lib/account.ts";
import { runJob } from "./jobs.ts";
import { generatedBody, request } from "./lib/measure.ts";
import { freePort, waitFor } from "./lib/processes.ts";

const mib = Number(process.env.PROFILE_MIB ?? 256);
const exec = process.env.PROFILE_EXEC ?? "wc -l";
const outDir = process.env.PROFILE_OUT ?? tmpdir();

/** The part of the `ws` package (no type package installed) this script uses. */
interface Ws {
  on(event: "message", fn: (data: unknown) => void): void;
  once(event: "open" | "error", fn: (e?: unknown) => void): void;
  send(data: string): void;
  close(): void;
}
const WebSocket = ((await import("ws" as string)) as { default: new (url: string, opts: object) => Ws }).default;

interface Target {
  id: string;
  webSocketDebuggerUrl: string;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** The workerd process under `root` that serves an inspector, and that inspector's port. */
function workerdInspector(root: number): { pid: number; port: number } {
  const kids = (pid: number): number[] => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  const all: number[] = [];
  const walk = (pid: number) => kids(pid).forEach((k) => (all.push(k), walk(k)));
  walk(root);
  const workerd = all.find((pid) => /workerd.*--inspector-addr/.test(readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ")));
  if (!workerd) throw new Error("no workerd with an inspector under wrangler");
  const ss = execFileSync("ss", ["-ltnpH"], { encoding: "utf8" });
  const ports = ss.split("\n").filter((l) => l.includes(`pid=${workerd},`)).map((l) => Number(/:(\d+)\s/.exec(l)![1]));
  for (const p of ports) {
    try {
      execFileSync("curl", ["-sf", "-m", "2", `http://127.0.0.1:${p}/json/list`]);
      return { pid: workerd, port: p };
    } catch {
      // not the inspector
    }
  }
  throw new Error(`no inspector among workerd's ports ${ports.join(",")}`);
}

class Session {
  private next = 1;
  private waiting = new Map<number, (v: unknown) => void>();
  private constructor(private ws: Ws, url: string) {
    ws.on("message", (m) => {
      const msg = JSON.parse(String(m)) as { id?: number; result?: unknown; method?: string };
      if (process.env.PROFILE_DEBUG) console.log(`  ← ${url.split("/").pop()} ${msg.id} ${msg.method ?? ""} ${msg.result ? "result" : ""}`);
      if (msg.id !== undefined) this.waiting.get(msg.id)?.(msg.result);
    });
  }
  static open(url: string): Promise<Session> {
    const ws = new WebSocket(url, { maxPayload: 1 << 30 });
    return new Promise((resolve, reject) => {
      ws.once("open", () => resolve(new Session(ws, url)));
      ws.once("error", reject);
    });
  }
  send<T>(method: string, params: object = {}): Promise<T> {
    const id = this.next++;
    this.ws.send(JSON.stringify({ id, method, params }));
    return new Promise((r) => this.waiting.set(id, r as (v: unknown) => void));
  }
  close() {
    this.ws.close();
  }
}

/** Self time (ms) by function, plus the total sampled and the idle share. */
export function selfTime(p: Profile): { total: number; rows: Array<{ fn: string; ms: number }> } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const ms = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const n = byId.get(p.samples[i]!)!;
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const f = n.callFrame;
    const file = f.url.split("/").pop() ?? "";
    const key = `${f.functionName || "(anonymous)"} ${file}${file ? `:${f.lineNumber + 1}` : ""}`;
    ms.set(key, (ms.get(key) ?? 0) + dt);
    total += dt;
  }
  return { total, rows: [...ms].map(([fn, v]) => ({ fn, ms: v })).sort((a, b) => b.ms - a.ms) };
}

const state = mkdtempSync(join(tmpdir(), "mobula-profile-"));
const port = await freePort();
const token = "profile-token";
mkdirSync(join(state, "mobula"), { recursive: true });
writeFileSync(join(state, "mobula", "operator-token"), token);
const child = spawn(
  "node_modules/.bin/wrangler",
  ["dev", "--config", "wrangler.toml", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(await freePort()), "--persist-to", join(state, "wrangler"), "--var", `OPERATOR_TOKEN:${token}`, "--show-interactive-dev-session=false"],
  { stdio: ["ignore", "ignore", "inherit"], detached: true },
);
const url = `http://127.0.0.1:${port}`;
try {
  await waitFor(`${url}/_mobula/ping`);
  const user = await registerAccount(url, join(state, "mobula"), "prof");
  const big = `/${user.login}/stor/big.log`;
  const bytes = mib * 2 ** 20;
  const up = await request(`${url}${big}`, "PUT", { ...user.headers(), "content-length": String(bytes), "durability-level": "1" }, generatedBody(bytes));
  if (up.status !== 204) throw new Error(`PUT ${up.status}`);
  console.log(`stored ${mib} MiB`);
  await request(`${url}/${user.login}/stor/one`, "PUT", { ...user.headers(), "content-length": "2" }, Buffer.from("x\n"));
  const warm = await runJob(url, user, exec, [`/${user.login}/stor/one`]); // loads the sandbox isolate
  console.log(`warm job ${warm.secs.toFixed(2)} s ${JSON.stringify(warm.status.stats)}`);

  const { pid: workerd, port: inspector } = workerdInspector(child.pid!);
  const cpuMs = () => {
    const f = readFileSync(`/proc/${workerd}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
  };
  const list = () => JSON.parse(execFileSync("curl", ["-s", `http://127.0.0.1:${inspector}/json/list`], { encoding: "utf8" })) as Target[];
  let targets = list();
  // The sandbox isolate is listed once it has loaded; give it a few tries.
  for (let i = 0; i < 10 && !targets.some((t) => t.id.startsWith("LOADER:")); i++) {
    await runJob(url, user, exec, [`/${user.login}/stor/one`]);
    targets = list();
  }
  const wanted = targets.filter((t) => (process.env.PROFILE_TARGET === "main" ? t.id === "core:user:mobula" : t.id.startsWith("LOADER:")));
  console.log(`profiling ${wanted.map((t) => t.id).join(", ")} (of ${targets.map((t) => t.id).join(", ")})`);
  const sessions = await Promise.all(wanted.map(async (t) => ({ t, s: await Session.open(t.webSocketDebuggerUrl) })));
  // A sandbox isolate handles inspector messages only while it runs a request, so nothing
  // is awaited here: the messages wait for the job, and the stop waits for the next job.
  const started = sessions.map(({ s }) => Promise.all([s.send("Profiler.enable"), s.send("Profiler.setSamplingInterval", { interval: 200 }), s.send("Profiler.start")]));
  const cpu0 = cpuMs();
  const ticker = setInterval(() => console.log(`  … ${new Date().toISOString()}`), 10_000);
  const run = await runJob(url, user, exec, [big]).finally(() => clearInterval(ticker));
  const workerdCpu = cpuMs() - cpu0;
  console.log(`${exec} over ${mib} MiB: workerd used ${workerdCpu.toFixed(0)} ms of CPU`);
  console.log(`${exec} over ${mib} MiB: ${run.secs.toFixed(2)} s, ${(mib / run.secs).toFixed(0)} MiB/s, stats ${JSON.stringify(run.status.stats)}`);
  const stopped = sessions.map(({ s }) => s.send<{ profile: Profile }>("Profiler.stop"));
  await runJob(url, user, exec, [`/${user.login}/stor/one`]);
  await Promise.all(started);
  for (const [i, { t, s }] of sessions.entries()) {
    const { profile } = await stopped[i]!;
    s.close();
    const file = join(outDir, `mobula-${t.id.replace(/[^a-z0-9]+/gi, "_")}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    const { total, rows } = selfTime(profile);
    const idle = rows.filter((r) => /^\((idle|program|garbage collector)\)/.test(r.fn));
    console.log(`\n${t.id}: ${total.toFixed(0)} ms sampled (${file}); ${idle.map((r) => `${r.fn.trim()} ${r.ms.toFixed(0)}`).join(", ")}`);
    const busy = total - (idle.find((r) => r.fn.startsWith("(idle)"))?.ms ?? 0);
    console.log(`busy ${busy.toFixed(0)} ms = ${((100 * busy) / workerdCpu).toFixed(0)}% of workerd's CPU over the job`);
    for (const r of rows.slice(0, 30)) console.log(`${r.ms.toFixed(0).padStart(7)} ms ${((100 * r.ms) / busy).toFixed(1).padStart(5)}%   ${r.fn}`);
  }
} finally {
  try {
    process.kill(-child.pid!, "SIGTERM");
  } catch {
    /* gone */
  }
  void readdirSync;
}
