// Runs the Worker under wrangler's dev server in a child process (runtime.ts) and waits for
// its readiness route. The child's output is passed through line by line (the Worker logs one
// JSON line per request), minus wrangler's own "Ready on <internal url>", which is not the URL
// to use. Secrets go to the child over IPC: nothing secret is on a command line or in an
// environment.
import { fork, type ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import http from "node:http";
import path from "node:path";
import readline from "node:readline";
import { EDGE_HEADER } from "../../edge/headers.ts";
import type { RuntimeMessage, RuntimeOptions } from "./runtime.ts";

export interface Runtime {
  child: ChildProcess;
  /** Where the Worker answers (loopback), once it runs. */
  ready: Promise<URL>;
  /** "reloading", then "ready" (url) with the Worker's new address, at each of wrangler's reloads. */
  events: EventEmitter<{ reloading: []; ready: [URL] }>;
}

export function startRuntime(repoRoot: string, options: RuntimeOptions): Runtime {
  const child = fork(path.join(repoRoot, "scripts", "launch", "runtime.ts"), [], {
    cwd: repoRoot,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    // No network calls at start: metrics, and the Request.cf sample that miniflare downloads
    // (a 3 s timeout and a warning offline; locally a placeholder `cf` object is enough).
    env: { CLOUDFLARE_CF_FETCH_ENABLED: "false", ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  const internal = /Ready on https?:\/\/(127\.0\.0\.1|localhost):\d+/;
  for (const [from, to] of [[child.stdout, process.stdout], [child.stderr, process.stderr]] as const) {
    if (!from) continue;
    readline.createInterface({ input: from, crlfDelay: Infinity }).on("line", (line) => {
      if (!internal.test(line)) to.write(`${line}\n`);
    });
  }
  const events = new EventEmitter<{ reloading: []; ready: [URL] }>();
  const ready = new Promise<URL>((resolve, reject) => {
    child.on("message", (message: RuntimeMessage) => {
      if (message.type === "ready") {
        resolve(new URL(message.url));
        events.emit("ready", new URL(message.url));
      } else if (message.type === "reloading") events.emit("reloading");
      else if (message.type === "failed") reject(new Error(`wrangler could not start the Worker: ${message.message}`));
    });
    child.once("exit", (code, signal) => reject(new Error(`the Worker's runtime exited (${signal ?? `code ${code}`}) before it was ready; see its output above`)));
  });
  ready.catch(() => {}); // the launcher awaits it; an early exit must not be an unhandled rejection
  child.send({ type: "start", options });
  return { child, ready, events };
}

function ping(url: URL, secret: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(new URL("/_mobula/ping", url), { headers: { [EDGE_HEADER]: secret }, timeout: 2000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve(res.statusCode === 200 && body.trim() === "ok"));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
  });
}

/** Resolves with the Worker's URL once GET /_mobula/ping answers 200 "ok"; rejects if the runtime exits or time runs out. */
export async function waitReady(runtime: Runtime, secret: string, timeoutMs: number): Promise<URL> {
  const deadline = Date.now() + timeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const url = await Promise.race([
    runtime.ready,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the Worker did not start within ${timeoutMs / 1000} s`)), timeoutMs))),
  ]).finally(() => clearTimeout(timer));
  while (Date.now() < deadline) {
    if (runtime.child.exitCode !== null || runtime.child.signalCode !== null) throw new Error("the Worker's runtime exited; see its output above");
    if (await ping(url, secret)) return url;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the Worker did not answer GET /_mobula/ping within ${timeoutMs / 1000} s`);
}
