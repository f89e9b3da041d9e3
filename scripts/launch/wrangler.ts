// Runs `wrangler dev` on an internal loopback port and waits for the Worker's readiness
// route. Its output is passed through line by line (the Worker logs one JSON line per
// request), minus wrangler's own "Ready on <internal url>", which is not the URL to use.
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import path from "node:path";
import readline from "node:readline";

export interface WranglerOptions {
  repoRoot: string;
  config: string;
  port: number;
  inspectorPort: number;
  persistTo: string;
  operatorToken: string;
  serverName: string;
}

export function spawnWrangler(o: WranglerOptions): ChildProcess {
  const bin = path.join(o.repoRoot, "node_modules", ".bin", "wrangler");
  const args = [
    "dev",
    "--config", o.config,
    "--ip", "127.0.0.1",
    "--port", String(o.port),
    "--inspector-port", String(o.inspectorPort),
    "--persist-to", o.persistTo,
    "--var", `OPERATOR_TOKEN:${o.operatorToken}`,
    "--var", `MOBULA_SERVER_NAME:${o.serverName}`,
    "--show-interactive-dev-session=false",
  ];
  const child = spawn(bin, args, {
    cwd: o.repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
    // No network calls at start: metrics, and the Request.cf sample that miniflare downloads
    // (a 3 s timeout and a warning offline; locally a placeholder `cf` object is enough).
    env: { CLOUDFLARE_CF_FETCH_ENABLED: "false", ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  const internal = new RegExp(`https?://(127\\.0\\.0\\.1|localhost):${o.port}\\b`);
  for (const [from, to] of [[child.stdout, process.stdout], [child.stderr, process.stderr]] as const) {
    if (!from) continue;
    readline.createInterface({ input: from, crlfDelay: Infinity }).on("line", (line) => {
      if (!internal.test(line)) to.write(`${line}\n`);
    });
  }
  return child;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path: "/_mobula/ping", timeout: 2000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve(res.statusCode === 200 && body.trim() === "ok"));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
  });
}

/** Resolves once GET /_mobula/ping answers 200 "ok"; rejects if wrangler exits or time runs out. */
export async function waitReady(child: ChildProcess, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | undefined;
  child.once("exit", (code, signal) => (exited = signal ?? `code ${code}`));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`wrangler dev exited (${exited}) before the Worker was ready; see its output above`);
    if (await ping(port)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the Worker did not answer GET /_mobula/ping within ${timeoutMs / 1000} s`);
}
