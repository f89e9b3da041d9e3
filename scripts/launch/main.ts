// `npm start`, step by step:
//  1. read PORT / MOBULA_STATE / MOBULA_HOST / MOBULA_TLS; check the public port is free;
//  2. make the state folder, the operator token and the server name (first run), and a fresh
//     edge secret (every run);
//  3. start wrangler's dev server in a child process (runtime.ts) on loopback, secrets over
//     IPC, inspector off unless MOBULA_INSPECTOR_PORT, and wait for ping;
//  4. start the edge on the public port in front of it, install the language runtimes from
//     node_modules (unless the server has them) and print the banner;
//  5. on SIGINT/SIGTERM stop the edge and the runtime; exit when the runtime exits.
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import path from "node:path";
import { createEdgeServer } from "../../edge/server.ts";
import { WorkerAddress } from "../../edge/upstream.ts";
import { readConfig } from "./config.ts";
import { assertPortFree } from "./ports.ts";
import { ensureOperatorToken, ensureServerName, ensureStateDir, ensureTlsFiles, TOKEN_FILE } from "./state.ts";
import { startRuntime, waitReady } from "./wrangler.ts";
import { installRuntimes } from "./runtimes.ts";

const config = readConfig();

function die(message: string): never {
  process.stderr.write(`mobula: ${message}\n`);
  process.exit(1);
}

async function listen(server: Server, port: number, host: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => {
      // An absent IPv6 loopback is fine when we were only trying both loopbacks.
      if (host === "::1" && (err.code === "EADDRNOTAVAIL" || err.code === "EAFNOSUPPORT")) resolve(null);
      else reject(err);
    });
    server.listen(port, host, () => resolve((server.address() as { port: number }).port));
  });
}

try {
  for (const host of config.hosts) await assertPortFree(config.port, host);
  ensureStateDir(config.stateDir);
} catch (err) {
  die((err as Error).message);
}
const { token, created } = ensureOperatorToken(config.stateDir);
const serverName = ensureServerName(config.stateDir);
const tls = config.tls ? ensureTlsFiles(config.stateDir) : undefined;

// Only this edge knows it: the Worker refuses requests that reach workerd's loopback ports
// any other way (another local user, a smuggled request).
const edgeSecret = randomBytes(32).toString("base64url");
const runtime = startRuntime(config.repoRoot, {
  config: config.wranglerConfig,
  persistTo: path.join(config.stateDir, "wrangler"),
  inspectorPort: config.inspectorPort,
  secrets: { OPERATOR_TOKEN: token, MOBULA_SERVER_NAME: serverName, MOBULA_EDGE_SECRET: edgeSecret, ACCESS_LOG: config.accessLog },
});
const child = runtime.child;

const servers: Server[] = [];
let stopping = false;
let failed = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  for (const server of servers) {
    server.close();
    server.closeAllConnections();
  }
  child.kill(signal);
  setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
};
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
child.once("exit", (code, signal) => {
  if (!stopping) process.stderr.write(`mobula: the Worker's runtime (wrangler) exited (${signal ?? `code ${code}`}); stopping\n`);
  for (const server of servers) server.closeAllConnections();
  process.exit(failed ? 1 : stopping ? 0 : code || 1);
});

// The edge connects to the Worker's own workerd socket, and follows it across reloads.
const worker = new WorkerAddress(null);
const addressOf = (url: URL) => ({ host: url.hostname, port: Number(url.port) });
runtime.events.on("reloading", () => worker.reloading());
runtime.events.on("ready", (url) => worker.set(addressOf(url)));

let workerUrl: URL | undefined;
try {
  workerUrl = await waitReady(runtime, edgeSecret, config.startTimeoutMs);
} catch (err) {
  process.stderr.write(`mobula: ${(err as Error).message}\n`);
  failed = true;
  stop("SIGTERM");
}

if (!stopping && workerUrl) {
  let port = config.port;
  try {
    for (const host of config.hosts) {
      const server = createEdgeServer({
        upstream: worker,
        edgeSecret,
        tls,
        serverName,
        uploadIdleMs: config.uploadIdleMs,
        headersTimeoutMs: config.headersTimeoutMs,
      });
      const bound = await listen(server, port, host);
      if (bound !== null) {
        servers.push(server);
        port = bound; // PORT=0: the other loopback uses the same port
      }
    }
  } catch (err) {
    failed = true;
    stop("SIGTERM");
    process.stderr.write(`mobula: cannot listen on port ${config.port}: ${(err as Error).message}\n`);
  }
}

let installed: string[] = [];
if (!stopping && servers.length) {
  const port = (servers[0].address() as { port: number }).port;
  installed = await installRuntimes(config.runtimes, `${tls ? "https" : "http"}://127.0.0.1:${port}`, token);
}

if (!stopping) {
  const port = (servers[0].address() as { port: number }).port;
  const scheme = tls ? "https" : "http";
  const host = config.hosts.length > 1 ? "localhost" : config.hosts[0].includes(":") ? `[${config.hosts[0]}]` : config.hosts[0];
  const url = `${scheme}://${host === "0.0.0.0" || host === "[::]" ? "localhost" : host}:${port}`;
  const lines = [
    "",
    `Mobula is serving the Manta API on ${url}`,
    `  state folder    ${config.stateDir}${created ? "  (new; operator token created)" : ""}`,
    `  operator token  ${path.join(config.stateDir, TOKEN_FILE)}`,
    `  runtimes        ${installed.length ? installed.join(", ") : "none"}`,
    ...(tls ? [`  certificate     ${tls.certPath}  (self-signed: export NODE_EXTRA_CA_CERTS=<it> or MANTA_TLS_INSECURE=1)`] : []),
    `  add an account  MANTA_URL=${url}${process.env.MOBULA_STATE ? ` MOBULA_STATE=${config.stateDir}` : ""} npx mobula account add LOGIN --key ~/.ssh/id_ed25519.pub`,
    "",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}
