// One Mobula server per test file, started exactly as a user does: `node scripts/start.mjs`
// with PORT and MOBULA_STATE. It runs in its own process group, so stop/kill9 reach wrangler
// and workerd too, and an exit hook kills whatever a crashed test file left behind.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./ports.ts";
import { REPO_ROOT } from "./process.ts";

export interface MobulaServer {
  url: string;
  port: number;
  stateDir: string;
  /** The launcher's pid (it leads the process group of everything the server runs), while running. */
  pid(): number | undefined;
  /** The last lines of the server's output (wrangler, Worker logs, edge), for failure messages. */
  logs(): string;
  stop(): Promise<void>;
  kill9(): Promise<void>;
  restart(): Promise<void>;
}

const groups = new Set<number>();
process.once("exit", () => {
  for (const pid of groups) killGroup(pid, "SIGKILL");
});

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

async function ping(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/_mobula/ping`, { signal: AbortSignal.timeout(2000) });
    return res.status === 200 && (await res.text()).trim() === "ok";
  } catch {
    return false;
  }
}

export async function startMobula(opts: { stateDir?: string; env?: NodeJS.ProcessEnv; readyTimeoutMs?: number } = {}): Promise<MobulaServer> {
  const stateDir = opts.stateDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "mobula-e2e-"));
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const lines: string[] = [];
  let child: ChildProcess | undefined;

  const launch = async () => {
    const proc = spawn(process.execPath, ["scripts/start.mjs"], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...opts.env, PORT: String(port), MOBULA_STATE: stateDir },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    groups.add(proc.pid!);
    // Ready as a user sees it: the banner is printed once the language runtimes are installed,
    // which happens after the edge already answers ping.
    let serving = false;
    for (const stream of [proc.stdout, proc.stderr]) {
      stream?.setEncoding("utf8");
      stream?.on("data", (d: string) => {
        if (d.includes("Mobula is serving")) serving = true;
        lines.push(...d.split("\n").filter(Boolean));
        if (lines.length > 400) lines.splice(0, lines.length - 400);
      });
    }
    const deadline = Date.now() + (opts.readyTimeoutMs ?? 90_000);
    while (Date.now() < deadline) {
      if (proc.exitCode !== null || proc.signalCode !== null) break;
      if (serving && (await ping(url))) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    killGroup(proc.pid!, "SIGKILL");
    throw new Error(`Mobula did not become ready on ${url}:\n${lines.slice(-40).join("\n")}`);
  };

  const stop = async () => {
    const proc = child;
    if (!proc) return;
    child = undefined;
    proc.kill("SIGTERM"); // the launcher forwards it to wrangler
    const timer = setTimeout(() => killGroup(proc.pid!, "SIGKILL"), 15_000);
    await exited(proc);
    clearTimeout(timer);
    killGroup(proc.pid!, "SIGKILL"); // stragglers (workerd) if any
    groups.delete(proc.pid!);
  };

  const kill9 = async () => {
    const proc = child;
    if (!proc) return;
    child = undefined;
    killGroup(proc.pid!, "SIGKILL");
    await exited(proc);
    groups.delete(proc.pid!);
  };

  await launch();
  return {
    url,
    port,
    stateDir,
    pid: () => child?.pid,
    logs: () => lines.join("\n"),
    stop,
    kill9,
    restart: async () => {
      await stop();
      await launch();
    },
  };
}
