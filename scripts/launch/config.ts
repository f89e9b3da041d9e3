// What `npm start` reads from its environment, resolved once.
import path from "node:path";
import { RUNTIMES, runtimeSpec } from "../../sandbox/runtimes/catalog.ts";
import { fileURLToPath } from "node:url";

export interface LaunchConfig {
  repoRoot: string;
  port: number; // the public (edge) port
  hosts: string[]; // addresses the edge listens on
  stateDir: string;
  wranglerConfig: string;
  tls: boolean;
  startTimeoutMs: number;
  inspectorPort: number | undefined; // the V8 inspector on 127.0.0.1, off unless set
  accessLog: "each" | "batch" | "off"; // how the Worker writes its access log (workers/access-log.ts)
  runtimes: string[]; // language runtimes to install from node_modules (sandbox/runtimes/catalog.ts)
  uploadIdleMs: number; // an upload idle this long gets 408 UploadTimeout
  headersTimeoutMs: number; // request headers must be complete within this
}

function fail(message: string): never {
  process.stderr.write(`mobula: ${message}\n`);
  process.exit(1);
}

function milliseconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms <= 0) fail(`${name}=${raw} is not a positive number of milliseconds`);
  return ms;
}

function inspectorPort(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`MOBULA_INSPECTOR_PORT=${raw} is not a port number`);
  return port;
}

function accessLog(raw: string | undefined): LaunchConfig["accessLog"] {
  if (raw === undefined || raw === "") return "batch"; // measured: docs/bench/2026-11-28-storage-ab.txt
  if (raw === "each" || raw === "batch" || raw === "off") return raw;
  fail(`MOBULA_ACCESS_LOG=${raw}: use each, batch or off`);
}

/** MOBULA_RUNTIMES: a comma list, or "none"; unset, every runtime in the catalogue. */
function runtimes(raw: string | undefined): string[] {
  if (raw === undefined || raw === "") return Object.keys(RUNTIMES);
  if (raw === "none") return [];
  const names = raw.split(",").map((n) => n.trim()).filter(Boolean);
  for (const n of names) if (!runtimeSpec(n)) fail(`MOBULA_RUNTIMES=${raw}: no runtime named ${n} (known: ${Object.keys(RUNTIMES).join(", ")}, or none)`);
  return names;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): LaunchConfig {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
  const port = Number(env.PORT ?? "8080");
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PORT=${env.PORT} is not a port number`);
  // Unset: both loopback addresses, so http://localhost works whichever one the client picks.
  const hosts = env.MOBULA_HOST ? [env.MOBULA_HOST] : ["127.0.0.1", "::1"];
  const timeout = Number(env.MOBULA_START_TIMEOUT_MS ?? "120000");
  return {
    repoRoot,
    port,
    hosts,
    stateDir: path.resolve(env.MOBULA_STATE ?? ".mobula"),
    // Tests and experiments may point at another Worker config; users never need to.
    wranglerConfig: path.resolve(repoRoot, env.MOBULA_WRANGLER_CONFIG ?? "wrangler.toml"),
    tls: env.MOBULA_TLS === "1" || env.MOBULA_TLS === "true",
    startTimeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : 120_000,
    inspectorPort: inspectorPort(env.MOBULA_INSPECTOR_PORT),
    accessLog: accessLog(env.MOBULA_ACCESS_LOG),
    runtimes: runtimes(env.MOBULA_RUNTIMES),
    uploadIdleMs: milliseconds(env, "MOBULA_UPLOAD_IDLE_MS", 45_000), // muskie's
    headersTimeoutMs: milliseconds(env, "MOBULA_HEADERS_TIMEOUT_MS", 20_000),
  };
}
