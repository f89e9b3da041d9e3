// Fixtures for the edge tests: a small fake Worker (the edge is the unit under test, the
// upstream only has to behave like the contract says) and a raw-socket HTTP client, so
// malformed requests reach the edge byte for byte.
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import { createEdgeServer, type EdgeOptions } from "../../edge/server.ts";
import type { WorkerAddress } from "../../edge/upstream.ts";

export interface Seen {
  method: string;
  url: string;
  rawHeaders: string[];
  bytes: number;
  complete: boolean; // false when the body stream broke before its end
  connection: number; // the edge's connection it came on (its local port)
}

/** A stand-in Worker: records what reached it, answers per the edge contract. */
export async function startFakeWorker(port = 0): Promise<{ port: number; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const requestsOn = new WeakMap<net.Socket, number>();
  const server = http.createServer((req, res) => {
    const entry: Seen = { method: req.method ?? "", url: req.url ?? "", rawHeaders: req.rawHeaders, bytes: 0, complete: false, connection: req.socket.remotePort ?? 0 };
    const nth = (requestsOn.get(req.socket) ?? 0) + 1;
    requestsOn.set(req.socket, nth);
    if (req.url === "/closes-reused" && nth > 1) {
      // As workerd closing a keep-alive connection just as the next request is written into it.
      req.socket.destroy();
      return;
    }
    seen.push(entry);
    const id = { "x-request-id": "fake" };
    if (req.headers["x-mobula-preflight"] === "1") {
      if (req.url?.includes("/missing/")) {
        const body = JSON.stringify({ code: "DirectoryDoesNotExist", message: "/u/stor/missing does not exist" });
        res.writeHead(404, { ...id, "content-type": "application/json", "content-length": Buffer.byteLength(body) });
        res.end(body);
      } else {
        res.writeHead(204, { ...id, "x-mobula-preflight": "continue" }).end();
      }
      return;
    }
    if (req.url === "/echo") {
      res.writeHead(200, id);
      req.on("data", (d: Buffer) => (entry.bytes += d.length));
      req.pipe(res);
      req.on("end", () => (entry.complete = true));
      return;
    }
    if (req.url === "/stall") {
      // Reads nothing for a while, as a busy Worker would: the edge must wait, not time out.
      req.pause();
      setTimeout(() => req.resume(), 1000);
    }
    if (req.url?.startsWith("/big?n=")) {
      streamZeros(res, Number(req.url.slice(7)), id);
      return;
    }
    req.on("data", (d: Buffer) => (entry.bytes += d.length));
    req.on("error", () => {});
    req.on("end", () => {
      entry.complete = true;
      if (req.url === "/crash") res.writeHead(500, { "content-type": "text/html" }).end("<h1>workerd crashed</h1>");
      else if (req.url === "/error") res.writeHead(500, { ...id, "content-type": "application/json" }).end('{"code":"InternalError","message":"x"}');
      else if (req.url === "/not-modified") res.writeHead(304, { ...id, etag: '"e"' }).end();
      else if (req.url === "/head") res.writeHead(200, { ...id, "content-length": "12345" }).end();
      else res.writeHead(201, { ...id, "x-seen-bytes": String(entry.bytes) }).end(`bytes=${entry.bytes}\n`);
    });
  });
  server.maxHeadersCount = 0; // workerd keeps every header; so must its stand-in
  server.on("upgrade", (req, socket: net.Socket) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", rawHeaders: req.rawHeaders, bytes: 0, complete: true, connection: socket.remotePort ?? 0 });
    if (req.url !== "/ws") {
      socket.end("HTTP/1.1 403 Forbidden\r\ncontent-length: 2\r\nx-request-id: fake\r\n\r\nno");
      return;
    }
    socket.write("HTTP/1.1 101 Switching Protocols\r\nupgrade: echo\r\nconnection: Upgrade\r\n\r\n");
    socket.on("data", (d: Buffer) => socket.write(Buffer.from(d.toString().toUpperCase())));
    socket.on("end", () => socket.end());
  });
  server.keepAliveTimeout = 5000; // workerd's
  const bound = await listen(server, "127.0.0.1", port);
  return { port: bound, seen, close: () => closeServer(server) };
}

function streamZeros(res: http.ServerResponse, total: number, headers: Record<string, string>): void {
  res.writeHead(200, { ...headers, "content-length": String(total) });
  const chunk = Buffer.alloc(1 << 16);
  let sent = 0;
  const pump = () => {
    while (sent < total) {
      const n = Math.min(chunk.length, total - sent);
      sent += n;
      if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void res.once("drain", pump);
    }
    res.end();
  };
  pump();
}

export async function listen(server: net.Server, host = "127.0.0.1", port = 0): Promise<number> {
  const open = new Set<net.Socket>();
  sockets.set(server, open);
  server.on("connection", (socket: net.Socket) => {
    open.add(socket);
    socket.once("close", () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return (server.address() as AddressInfo).port;
}

const sockets = new WeakMap<net.Server, Set<net.Socket>>();

/** Closes a server and every connection it holds, upgraded ones included. */
export function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    for (const socket of sockets.get(server) ?? []) socket.destroy();
  });
}

export type ExtraEdgeOptions = Omit<EdgeOptions, "upstream">;

export async function startEdge(upstream: number | WorkerAddress, extra: ExtraEdgeOptions = {}): Promise<{ port: number; close(): Promise<void> }> {
  const where = typeof upstream === "number" ? { host: "127.0.0.1", port: upstream } : upstream;
  const server = createEdgeServer({ upstream: where, connectTimeoutMs: 1000, log: () => {}, ...extra });
  const port = await listen(server);
  return { port, close: () => closeServer(server) };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  interim: number[]; // 1xx statuses seen before the final one
  closed: boolean; // the edge closed the connection after answering
}

/**
 * Writes `request` on a fresh connection and reads one response. `onContinue` runs after a
 * `100 Continue`, e.g. to send the body then. Responses framed by neither content-length
 * nor a bodiless status are read until the connection closes (send `Connection: close`).
 */
export function raw(
  port: number,
  request: string | Buffer,
  opts: { halfClose?: boolean; head?: boolean; onContinue?: (s: net.Socket) => void } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let data = Buffer.alloc(0);
    const interim: number[] = [];
    let result: RawResponse | undefined;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete response within 4 s; got ${JSON.stringify(data.toString("latin1").slice(0, 300))}`));
    }, 4000);
    const parse = () => {
      for (;;) {
        const end = data.indexOf("\r\n\r\n");
        if (end < 0) return;
        const lines = data.subarray(0, end).toString("latin1").split("\r\n");
        const status = Number(lines[0].split(" ")[1]);
        const headers: Record<string, string> = {};
        for (const line of lines.slice(1)) {
          const i = line.indexOf(":");
          headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
        }
        if (status >= 100 && status < 200 && status !== 101) {
          interim.push(status);
          data = data.subarray(end + 4);
          if (status === 100) opts.onContinue?.(socket);
          continue;
        }
        const declared = headers["content-length"] !== undefined ? Number(headers["content-length"]) : undefined;
        const length = opts.head || status === 204 || status === 304 ? 0 : declared;
        const bodyBytes = data.subarray(end + 4);
        if (length !== undefined && bodyBytes.length < length) return;
        result = { status, headers, body: bodyBytes.subarray(0, length).toString(), interim, closed: false };
        if (length !== undefined) finish(false);
        else if (status === 101) finish(false);
        return;
      }
    };
    const finish = (closed: boolean) => {
      if (!result) return;
      clearTimeout(timer);
      // Give the edge a moment to close, so `closed` reports what it did.
      setTimeout(() => {
        result!.closed = closed || socket.destroyed || socket.readableEnded;
        socket.destroy();
        resolve(result!);
      }, closed ? 0 : 50);
    };
    socket.on("data", (d: Buffer) => {
      data = Buffer.concat([data, d]);
      if (!result) parse();
      else if (result.headers["content-length"] === undefined) result.body = data.subarray(data.indexOf("\r\n\r\n") + 4).toString();
    });
    socket.on("end", () => {
      if (!result) parse();
      if (result && result.headers["content-length"] === undefined) result.body = data.subarray(data.indexOf("\r\n\r\n") + 4).toString();
      if (result) finish(true);
      else {
        clearTimeout(timer);
        reject(new Error(`connection closed without a response: ${JSON.stringify(data.toString("latin1"))}`));
      }
    });
    socket.on("error", (err) => {
      clearTimeout(timer);
      if (result) finish(true);
      else reject(err);
    });
    socket.write(request);
    if (opts.halfClose) socket.end();
  });
}

/** One fake Worker with an edge in front, started before and closed after the file's tests. */
export function useEdgeInFrontOfFakeWorker(extra: ExtraEdgeOptions = {}): { worker: Awaited<ReturnType<typeof startFakeWorker>>; edge: Awaited<ReturnType<typeof startEdge>> } {
  const ctx = {} as { worker: Awaited<ReturnType<typeof startFakeWorker>>; edge: Awaited<ReturnType<typeof startEdge>> };
  beforeAll(async () => {
    ctx.worker = await startFakeWorker();
    ctx.edge = await startEdge(ctx.worker.port, extra);
  });
  afterAll(async () => {
    await ctx.edge.close();
    await ctx.worker.close();
  });
  return ctx;
}
