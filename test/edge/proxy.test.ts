import http from "node:http";
import { describe, expect, it } from "vitest";
import { raw, startEdge, startFakeWorker, useEdgeInFrontOfFakeWorker } from "./fixtures.ts";

const ctx = useEdgeInFrontOfFakeWorker();

const last = () => ctx.worker.seen[ctx.worker.seen.length - 1];
const header = (rawHeaders: string[], name: string) =>
  rawHeaders.filter((_, i) => i % 2 === 0 && rawHeaders[i].toLowerCase() === name).map((n) => rawHeaders[rawHeaders.indexOf(n) + 1]);

describe("the edge proxies requests untouched", () => {
  it("keeps the client's Host header (with its port) and adds x-forwarded-for", async () => {
    const res = await raw(ctx.edge.port, "GET /u/stor/a?x=1 HTTP/1.1\r\nHost: example.test:8123\r\nX-Custom: A\r\nConnection: close\r\n\r\n");
    expect(res.status).toBe(201);
    expect(last().url).toBe("/u/stor/a?x=1");
    expect(header(last().rawHeaders, "host")).toEqual(["example.test:8123"]);
    expect(header(last().rawHeaders, "x-custom")).toEqual(["A"]);
    expect(header(last().rawHeaders, "x-forwarded-for")).toEqual(["127.0.0.1"]);
  });

  it("streams a PUT body with content-length and relays the answer", async () => {
    const res = await raw(ctx.edge.port, "PUT /u/stor/obj HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
    expect(res.status).toBe(201);
    expect(res.headers["x-seen-bytes"]).toBe("5");
    expect(last()).toMatchObject({ method: "PUT", bytes: 5, complete: true });
  });

  it("forwards a chunked body with no content-length as chunked", async () => {
    const res = await raw(ctx.edge.port, "PUT /u/stor/c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n");
    expect(res.status).toBe(201);
    expect(res.headers["x-seen-bytes"]).toBe("7");
    expect(header(last().rawHeaders, "transfer-encoding")).toEqual(["chunked"]);
    expect(header(last().rawHeaders, "content-length")).toEqual([]);
  });

  it("forwards a PUT with 1,000 small headers before its content-length, body and all", async () => {
    // Node's parser keeps only the first 1,000 header pairs in req.headers (all of them in
    // rawHeaders): the edge once took such a PUT for body-less and the Worker waited forever.
    let many = "";
    for (let i = 0; i < 1000; i++) many += `x-h-${i}: v\r\n`;
    const res = await raw(ctx.edge.port, `PUT /u/stor/many HTTP/1.1\r\n${many}Host: h\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello`);
    expect(res.status).toBe(201);
    expect(res.headers["x-seen-bytes"]).toBe("5");
    expect(header(last().rawHeaders, "x-h-999")).toEqual(["v"]);
  });

  it("relays HEAD and 304 answers without a body", async () => {
    const head = await raw(ctx.edge.port, "HEAD /head HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", { head: true });
    expect(head.status).toBe(200);
    expect(head.headers["content-length"]).toBe("12345");
    expect(head.body).toBe("");
    const notModified = await raw(ctx.edge.port, "GET /not-modified HTTP/1.1\r\nHost: h\r\nIf-None-Match: \"e\"\r\nConnection: close\r\n\r\n");
    expect(notModified.status).toBe(304);
    expect(notModified.headers.etag).toBe('"e"');
    expect(notModified.body).toBe("");
  });

  it("serves several requests on one keep-alive connection", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const ports = new Set<number>();
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        http.get({ port: ctx.edge.port, host: "127.0.0.1", path: `/k${i}`, agent }, (res) => {
          ports.add(res.socket.localPort ?? 0);
          res.resume().on("end", resolve);
        }).on("error", reject);
      });
    }
    agent.destroy();
    expect(ports.size).toBe(1);
  });

  it("passes a Worker's own 5xx through, but turns a runtime 5xx into 503 ServiceUnavailable", async () => {
    const own = await raw(ctx.edge.port, "GET /error HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
    expect(own.status).toBe(500);
    expect(own.body).toContain("InternalError");
    const runtime = await raw(ctx.edge.port, "GET /crash HTTP/1.1\r\nHost: h\r\n\r\n");
    expect(runtime.status).toBe(503);
    expect(JSON.parse(runtime.body)).toMatchObject({ code: "ServiceUnavailable" });
    expect(runtime.body).not.toContain("workerd crashed");
  });

  it("pipes an upgraded connection both ways, and relays a refused upgrade", async () => {
    const up = await new Promise<string>((resolve, reject) => {
      const req = http.request({ port: ctx.edge.port, host: "127.0.0.1", path: "/ws", headers: { connection: "Upgrade", upgrade: "echo" } });
      req.on("upgrade", (res, socket) => {
        expect(res.statusCode).toBe(101);
        socket.write("ping");
        socket.once("data", (d: Buffer) => {
          resolve(d.toString());
          socket.destroy();
        });
      });
      req.on("error", reject);
      req.end();
    });
    expect(up).toBe("PING");
    const refused = await raw(ctx.edge.port, "GET /nope HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n");
    expect(refused.status).toBe(403);
    expect(refused.body).toBe("no");
  });
});

describe("the edge when the Worker is unreachable", () => {
  it("answers 503 ServiceUnavailable JSON instead of hanging", async () => {
    const dead = await startFakeWorker();
    const deadPort = dead.port;
    await dead.close();
    const orphan = await startEdge(deadPort);
    try {
      const res = await raw(orphan.port, "GET /u/stor HTTP/1.1\r\nHost: h\r\n\r\n");
      expect(res.status).toBe(503);
      expect(JSON.parse(res.body)).toMatchObject({ code: "ServiceUnavailable" });
      const put = await raw(orphan.port, "PUT /u/stor/x HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
      expect(put.interim).toEqual([]);
      expect(put.status).toBe(503);
    } finally {
      await orphan.close();
    }
  });
});
