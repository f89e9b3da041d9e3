// The GET relay (edge/get-relay.ts): answers read off a raw connection to the Worker and
// written on to the client as they arrive. The Worker here is a raw socket server, so every
// framing (content-length, chunked, until close) and every failure can be sent byte for byte.
import { createHash } from "node:crypto";
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeServer, listen, raw, startEdge } from "./fixtures.ts";

interface Seen {
  method: string;
  path: string;
  connection: number; // the edge's port on the connection it came on
}

/** Deterministic bytes (not zeros), so a reordered or dropped piece changes the hash. */
function pattern(size: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  let x = 12345;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out[i] = x >>> 16;
  }
  return out;
}

const md5 = (b: Buffer) => createHash("md5").update(b).digest("hex");
const BIG = pattern(24 * 2 ** 20 + 12345);

/** Writes `body` in pieces with backpressure, then calls `done`. */
function pump(socket: net.Socket, pieces: Buffer[], done: () => void): void {
  const next = () => {
    while (pieces.length > 0) if (!socket.write(pieces.shift()!)) return void socket.once("drain", next);
    done();
  };
  next();
}

function chunked(body: Buffer, sizes: number[]): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0, i = 0; at < body.length; i++) {
    const n = Math.min(sizes[i % sizes.length]!, body.length - at);
    out.push(Buffer.from(`${n.toString(16)}\r\n`), body.subarray(at, at + n), Buffer.from("\r\n"));
    at += n;
  }
  out.push(Buffer.from("0\r\nx-trailer: t\r\n\r\n"));
  return out;
}

const ID = "x-request-id: fake\r\n";

function answer(socket: net.Socket, method: string, path: string): void {
  const bodyless = method === "HEAD";
  switch (path) {
    case "/big":
      socket.write(`HTTP/1.1 200 OK\r\n${ID}content-length: ${BIG.length}\r\n\r\n`);
      if (!bodyless) pump(socket, [BIG.subarray(0, 1000), BIG.subarray(1000)], () => {});
      return;
    case "/chunked":
      socket.write(`HTTP/1.1 200 OK\r\n${ID}transfer-encoding: chunked\r\n\r\n`);
      if (!bodyless) pump(socket, chunked(BIG, [1, 7, 65536, 1 << 20, 3]), () => {});
      return;
    case "/until-close":
      socket.write(`HTTP/1.1 200 OK\r\n${ID}connection: close\r\n\r\n`);
      pump(socket, [BIG], () => socket.end());
      return;
    case "/small":
      socket.write(`HTTP/1.1 200 OK\r\n${ID}content-length: 5\r\n\r\nhello`);
      return;
    case "/interim":
      socket.write(`HTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\nHTTP/1.1 200 OK\r\n${ID}content-length: 2\r\n\r\nok`);
      return;
    case "/not-modified":
      socket.write(`HTTP/1.1 304 Not Modified\r\n${ID}etag: "e"\r\ncontent-length: 99\r\n\r\n`);
      return;
    case "/dies-mid-body":
      socket.write(`HTTP/1.1 200 OK\r\n${ID}content-length: ${BIG.length}\r\n\r\n`);
      pump(socket, [BIG.subarray(0, 3 * 2 ** 20)], () => setTimeout(() => socket.destroy(), 50));
      return;
    case "/dies-mid-chunk":
      socket.write(`HTTP/1.1 200 OK\r\n${ID}transfer-encoding: chunked\r\n\r\n`);
      pump(socket, chunked(BIG.subarray(0, 2 ** 20), [100_000]).slice(0, 12), () => setTimeout(() => socket.destroy(), 50));
      return;
    case "/garbage":
      socket.end("HTTP/1.1 two hundred\r\n\r\n");
      return;
    case "/extra-bytes":
      socket.write(`HTTP/1.1 200 OK\r\n${ID}content-length: 2\r\n\r\nokSURPRISE`);
      return;
    case "/slow":
      // A client that leaves mid-body must close this connection: the fake notices the close.
      socket.write(`HTTP/1.1 200 OK\r\n${ID}content-length: ${BIG.length}\r\n\r\n`);
      socket.write(BIG.subarray(0, 2 ** 20));
      return;
    default:
      socket.write(`HTTP/1.1 404 Not Found\r\n${ID}content-length: 0\r\n\r\n`);
  }
}

/** A Worker on a raw socket: reads body-less request heads, answers per path. */
async function startRawWorker() {
  const seen: Seen[] = [];
  const closed: number[] = [];
  const server = net.createServer((socket) => {
    let data = Buffer.alloc(0);
    socket.on("error", () => {});
    socket.on("close", () => closed.push(socket.remotePort ?? 0));
    socket.on("data", (d: Buffer) => {
      data = Buffer.concat([data, d]);
      for (let end = data.indexOf("\r\n\r\n"); end >= 0; end = data.indexOf("\r\n\r\n")) {
        const [method, path] = data.subarray(0, end).toString("latin1").split(" ");
        data = data.subarray(end + 4);
        seen.push({ method: method!, path: path!, connection: socket.remotePort ?? 0 });
        answer(socket, method!, path!);
      }
    });
  });
  const port = await listen(server);
  return { port, seen, closed, close: () => closeServer(server) };
}

let worker: Awaited<ReturnType<typeof startRawWorker>>;
let edge: Awaited<ReturnType<typeof startEdge>>;
beforeAll(async () => {
  worker = await startRawWorker();
  edge = await startEdge(worker.port);
});
afterAll(async () => {
  await edge.close();
  await worker.close();
});

interface Got {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  error?: string;
  socketPort: number;
}

function get(path: string, opts: { agent?: http.Agent; method?: string; onData?: (res: http.IncomingMessage, req: http.ClientRequest) => void } = {}): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: edge.port, path, method: opts.method ?? "GET", agent: opts.agent ?? false }, (res) => {
      const parts: Buffer[] = [];
      const got = () => ({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts), socketPort: res.socket?.localPort ?? 0 });
      res.on("data", (d: Buffer) => {
        parts.push(d);
        opts.onData?.(res, req);
      });
      res.on("end", () => resolve(got()));
      res.on("error", (err) => resolve({ ...got(), error: err.message }));
      res.on("aborted", () => resolve({ ...got(), error: "aborted" }));
      res.on("close", () => resolve({ ...got(), error: res.complete ? undefined : "closed before the end" }));
    });
    req.on("error", reject);
    req.end();
  });
}

const seenSince = (n: number) => worker.seen.slice(n);

describe("the GET relay", () => {
  it("relays a big content-length body byte for byte", async () => {
    const res = await get("/big");
    expect(res.status).toBe(200);
    expect(res.headers["content-length"]).toBe(String(BIG.length));
    expect(res.body.length).toBe(BIG.length);
    expect(md5(res.body)).toBe(md5(BIG));
  }, 30_000);

  it("relays a chunked body of odd chunk sizes byte for byte, trailers dropped", async () => {
    const res = await get("/chunked");
    expect(res.status).toBe(200);
    expect(md5(res.body)).toBe(md5(BIG));
    expect(res.headers["x-trailer"]).toBeUndefined();
  }, 30_000);

  it("relays a body framed by the Worker closing the connection", async () => {
    const res = await get("/until-close");
    expect(res.error).toBeUndefined();
    expect(md5(res.body)).toBe(md5(BIG));
  }, 30_000);

  it("skips an interim 1xx answer and relays the final one", async () => {
    const res = await get("/interim");
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe("ok");
  });

  it("sends HEAD and 304 answers without a body, and the connections go on", async () => {
    const before = worker.seen.length;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const head = await get("/big", { agent, method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers["content-length"]).toBe(String(BIG.length));
    expect(head.body.length).toBe(0);
    const notModified = await get("/not-modified", { agent });
    expect(notModified.status).toBe(304);
    expect(notModified.body.length).toBe(0);
    const after = await get("/small", { agent });
    expect(after.body.toString()).toBe("hello");
    agent.destroy();
    // One client connection throughout, and one connection to the Worker.
    expect(new Set([head.socketPort, notModified.socketPort, after.socketPort]).size).toBe(1);
    expect(new Set(seenSince(before).map((s) => s.connection)).size).toBe(1);
  }, 30_000);

  it("reuses both connections after a big relayed answer", async () => {
    const before = worker.seen.length;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const big = await get("/big", { agent });
    const small = await get("/small", { agent });
    agent.destroy();
    expect(md5(big.body)).toBe(md5(BIG));
    expect(small.body.toString()).toBe("hello");
    expect(small.socketPort).toBe(big.socketPort);
    const [a, b] = seenSince(before);
    expect(b!.connection).toBe(a!.connection);
  }, 30_000);

  it("answers pipelined GETs in order", async () => {
    const socket = net.connect(edge.port, "127.0.0.1");
    let text = "";
    socket.on("data", (d: Buffer) => (text += d.toString("latin1")));
    socket.write("GET /small HTTP/1.1\r\nHost: h\r\n\r\nGET /interim HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
    await new Promise((resolve) => socket.on("close", resolve));
    expect(text.indexOf("hello")).toBeGreaterThan(0);
    expect(text.indexOf("\r\n\r\nok")).toBeGreaterThan(text.indexOf("hello"));
  });

  it("cuts the client's connection when the Worker dies mid-body", async () => {
    const res = await get("/dies-mid-body");
    expect(res.status).toBe(200);
    expect(res.error).toBeDefined();
    expect(res.body.length).toBeLessThan(BIG.length);
    const chunkedRes = await get("/dies-mid-chunk");
    expect(chunkedRes.error).toBeDefined();
  }, 30_000);

  it("answers 503 when the Worker's answer is not HTTP", async () => {
    const res = await raw(edge.port, "GET /garbage HTTP/1.1\r\nHost: h\r\n\r\n");
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toMatchObject({ code: "ServiceUnavailable" });
  });

  it("never reuses a connection that sent more than its answer", async () => {
    const before = worker.seen.length;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const first = await get("/extra-bytes", { agent });
    const second = await get("/small", { agent });
    agent.destroy();
    expect(first.body.toString()).toBe("ok");
    expect(second.body.toString()).toBe("hello");
    const [a, b] = seenSince(before);
    expect(b!.connection).not.toBe(a!.connection);
  });

  it("closes the Worker's connection when the client leaves mid-body", async () => {
    const before = worker.seen.length;
    await get("/slow", { onData: (_res, req) => req.destroy() });
    const [slow] = seenSince(before);
    const deadline = Date.now() + 3000;
    while (!worker.closed.includes(slow!.connection) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(worker.closed).toContain(slow!.connection);
  });
});
