/**
 * The access log: one JSON line per request (id, account, method, path, status, bytes,
 * latency), as muskie's bunyan audit log. How it is written is an operator setting
 * (ACCESS_LOG), because under `wrangler dev` every console.log crosses a process pipe
 * and wrangler's own output handling, which costs a small request a visible share of
 * its time (measured: docs/bench/2026-11-28-storage-ab.txt):
 *   "each"  — a console.log per request (Workers Logs shows each request's own line);
 *   "batch" — the default: lines are held per isolate and written together, up to BATCH_LINES
 *             at once or BATCH_MS after the first, by whichever request's waitUntil comes due
 *             (deployed, Workers Logs shows them under the request that wrote them out).
 *             Under wrangler dev it took small GETs from 0.86-0.92x the bare Worker to 0.98x;
 *   "off"   — none.
 */
const BATCH_LINES = 200;
const BATCH_MS = 500;

let pending: string[] = [];
let flushScheduled = false;

function flush(): void {
  if (pending.length === 0) return;
  console.log(pending.join("\n"));
  pending = [];
}

export interface AccessRecord {
  req_id: string;
  account: string | null;
  method: string;
  path: string;
  status: number;
  bytes: number;
  latency: number;
}

export function logAccess(mode: string | undefined, record: AccessRecord, waitUntil: (p: Promise<unknown>) => void): void {
  if (mode === "off") return;
  const line = JSON.stringify({ name: "mobula", ...record });
  if (mode !== "batch") {
    console.log(line);
    return;
  }
  pending.push(line);
  if (pending.length >= BATCH_LINES) return flush();
  if (flushScheduled) return;
  flushScheduled = true;
  waitUntil(
    new Promise<void>((resolve) =>
      setTimeout(() => {
        flushScheduled = false;
        flush();
        resolve();
      }, BATCH_MS),
    ),
  );
}
