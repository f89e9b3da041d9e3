/** Starting the two servers a bench run compares, and reading their memory. */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, openSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createServer } from "node:net";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

export async function waitFor(url: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not come up in ${timeoutMs} ms`);
}

export interface Running {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        child.kill("SIGTERM");
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          /* gone */
        }
      }, 5000);
    });
}

export async function startMobula(stateDir: string): Promise<Running> {
  const port = await freePort();
  mkdirSync(stateDir, { recursive: true });
  const log = openSync(join(stateDir, "server.log"), "a"); // request log, for after-the-fact questions
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    env: { ...process.env, PORT: String(port), MOBULA_STATE: stateDir },
    stdio: ["ignore", log, log],
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/_mobula/ping`);
  // The banner comes once the language runtimes are installed (after the edge answers ping).
  for (let i = 0; !readFileSync(join(stateDir, "server.log"), "utf8").includes("Mobula is serving"); i++) {
    if (i > 600) throw new Error("Mobula answered ping but never printed its banner");
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, child, stop: stopper(child) };
}

export async function startBare(stateDir: string): Promise<Running> {
  const port = await freePort();
  const inspector = await freePort();
  const child = spawn(
    "node_modules/.bin/wrangler",
    ["dev", "--config", "bench/bare/wrangler.toml", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspector), "--persist-to", stateDir, "--show-interactive-dev-session=false"],
    { stdio: ["ignore", "ignore", "inherit"], detached: true },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/ping`);
  return { url, child, stop: stopper(child) };
}

interface ProcInfo {
  ppid: number;
  comm: string;
  rss: number;
  /** utime + stime, in clock ticks (1/100 s on Linux). */
  cpuTicks: number;
}

function processTable(): { children: Map<number, number[]>; info: Map<number, ProcInfo> } {
  const children = new Map<number, number[]>();
  const info = new Map<number, ProcInfo>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ppid = Number(fields[1]);
      const pid = Number(name);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
      info.set(pid, { ppid, comm, rss: Number(fields[21]) * 4096, cpuTicks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // process exited while we looked
    }
  }
  return { children, info };
}

function treeOf(rootPid: number): ProcInfo[] {
  const { children, info } = processTable();
  const out: ProcInfo[] = [];
  const walk = (pid: number) => {
    const i = info.get(pid);
    if (i) out.push(i);
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(rootPid);
  return out;
}

/** CPU seconds (user + system) a process tree has used: every process of one server. */
export function treeCpuSeconds(rootPid: number): number {
  return treeOf(rootPid).reduce((n, p) => n + p.cpuTicks, 0) / 100;
}

/** CPU seconds of one process alone: under `npm start`, the launcher is the edge's process. */
export function ownCpuSeconds(pid: number): number {
  return (processTable().info.get(pid)?.cpuTicks ?? 0) / 100;
}

/** Resident memory (bytes) of a process tree: the launcher, the edge, wrangler and workerd. */
export function treeRss(rootPid: number): number {
  return treeOf(rootPid).reduce((n, p) => n + p.rss, 0);
}

/**
 * CPU seconds the tree's workerd processes have used: where the Worker (and, locally, the
 * simulated R2 and Durable Objects) runs — the closest local stand-in for the CPU time a
 * deployment is billed for. Differences over a batch of requests, divided by its size, give
 * CPU per request; the same measure of the bare Worker's workerd is its baseline.
 */
export function workerdCpuSeconds(rootPid: number): number {
  return treeOf(rootPid).filter((p) => p.comm.startsWith("workerd")).reduce((n, p) => n + p.cpuTicks, 0) / 100;
}
