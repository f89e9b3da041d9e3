/** Small measuring helpers: bounded-concurrency loops, percentiles, streamed bodies. */
import http from "node:http";
import { Readable } from "node:stream";

export async function pool(n: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await fn(next++);
    }),
  );
  return (performance.now() - start) / 1000;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

/** A readable of `size` bytes of text lines, generated on the fly (constant memory). */
export function generatedBody(size: number): Readable {
  const line = Buffer.from("2026-11-25T00:00:00Z INFO mobula bench line with some words in it\n");
  const chunk = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < chunk.length; i++) chunk[i] = line[i % line.length]!;
  let left = size;
  return new Readable({
    read() {
      if (left <= 0) return this.push(null);
      const n = Math.min(left, chunk.length);
      left -= n;
      this.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    },
  });
}

/** A seeded generator of integers in [0, n): the same sequence on every run. */
export function seededRandom(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
}

/** What the generated logs' lines draw from. */
export const LOG_PATHS = ["/index.html", "/api/v1/items", "/static/app.js", "/login", "/search?q=manta", "/img/logo.png"];
export const LOG_STATUSES = [200, 200, 200, 200, 304, 404, 500, 201];

/**
 * `size` bytes of access-log-like lines that compress as real logs do (~5-8:1 with gzip -6,
 * where generatedBody's one repeated line compresses ~1000:1): a pseudo-random (seeded,
 * so every run is the same) client, path, status, byte count and latency per line.
 */
export function logLikeBody(size: number): Readable {
  const rand = seededRandom(42);
  let t = Date.UTC(2026, 10, 25);
  let left = size;
  return new Readable({
    read() {
      if (left <= 0) return this.push(null);
      const lines: string[] = [];
      for (let i = 0; i < 8192; i++) {
        t += rand(2000);
        const ip = `10.${rand(256)}.${rand(256)}.${rand(256)}`;
        lines.push(`${ip} - - [${new Date(t).toISOString()}] "GET ${LOG_PATHS[rand(LOG_PATHS.length)]} HTTP/1.1" ${LOG_STATUSES[rand(LOG_STATUSES.length)]} ${rand(100000)} ${rand(5000)}ms req-${rand(2 ** 30).toString(16)}\n`);
      }
      let chunk = Buffer.from(lines.join(""));
      if (chunk.length > left) chunk = chunk.subarray(0, left);
      left -= chunk.length;
      this.push(chunk);
    },
  });
}

/** One HTTP request with a streamed body and a drained response (node:http: no buffering). */
export function request(url: string, method: string, headers: Record<string, string>, body?: Readable | Buffer, opts: { fresh?: boolean; timeoutMs?: number } = {}): Promise<{ status: number; bytes: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: opts.fresh ? false : keepAlive }, (res) => {
      let bytes = 0;
      let text = "";
      res.on("data", (d: Buffer) => {
        bytes += d.length;
        if (text.length < 4096) text += d.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes, text }));
      res.on("error", reject);
    });
    req.on("error", reject);
    if (opts.timeoutMs) req.setTimeout(opts.timeoutMs, () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
    if (body instanceof Readable) body.pipe(req);
    else req.end(body);
  });
}

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 64 });
