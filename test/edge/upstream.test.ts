// The edge's connections to the Worker (edge/upstream.ts): never reuse one that workerd may be
// closing or that carried an upload, send again a body-less request caught by such a close,
// and follow the Worker to its new address when wrangler reloads it.
import http from "node:http";
import { describe, expect, it } from "vitest";
import { WorkerAddress } from "../../edge/upstream.ts";
import { raw, startEdge, startFakeWorker, useEdgeInFrontOfFakeWorker } from "./fixtures.ts";

const ctx = useEdgeInFrontOfFakeWorker();
const since = (before: number) => ctx.worker.seen.slice(before);

function get(port: number, path: string, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get({ host: "127.0.0.1", port, path, agent }, (res) => {
      res.resume().on("end", () => resolve(res.statusCode ?? 0));
    }).on("error", reject);
  });
}

describe("connections to the Worker", () => {
  it("an upload never shares a connection, even from one keep-alive client", async () => {
    const before = ctx.worker.seen.length;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = 0; i < 2; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port: ctx.edge.port, method: "PUT", path: `/u/stor/up${i}`, agent }, (res) => res.resume().on("end", resolve));
        req.on("error", reject);
        req.end("body");
      });
    }
    await get(ctx.edge.port, "/u/stor/after", agent);
    agent.destroy();
    const [a, b, c] = since(before);
    expect(new Set([a.connection, b.connection, c.connection]).size).toBe(3);
  });

  it("sends a body-less request again when its reused connection is closed under it", async () => {
    const agent = new http.Agent({ keepAlive: true });
    expect(await get(ctx.edge.port, "/warm", agent)).toBe(201);
    const before = ctx.worker.seen.length;
    expect(await get(ctx.edge.port, "/closes-reused", agent)).toBe(201);
    agent.destroy();
    expect(since(before).map((s) => s.url)).toEqual(["/closes-reused"]);
  });

  it("lets go of an idle pooled connection before workerd's 5 s keep-alive close", async () => {
    const agent = new http.Agent({ keepAlive: true });
    const before = ctx.worker.seen.length;
    await get(ctx.edge.port, "/idle-1", agent);
    await new Promise((r) => setTimeout(r, 4300));
    await get(ctx.edge.port, "/idle-2", agent);
    agent.destroy();
    const [first, second] = since(before);
    expect(second.connection).not.toBe(first.connection);
  }, 10_000);
});

describe("across a reload of the Worker", () => {
  it("waits while wrangler reloads, then goes to the Worker's new address", async () => {
    const old = await startFakeWorker();
    const where = new WorkerAddress(null);
    where.set({ host: "127.0.0.1", port: old.port });
    const edge = await startEdge(where);
    try {
      expect((await raw(edge.port, "GET /before HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")).status).toBe(201);
      where.reloading();
      await old.close();
      const pending = raw(edge.port, "PUT /during HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
      await new Promise((r) => setTimeout(r, 300));
      const fresh = await startFakeWorker();
      where.set({ host: "127.0.0.1", port: fresh.port });
      const res = await pending;
      expect(res.status).toBe(201);
      expect(fresh.seen.map((s) => [s.url, s.bytes])).toEqual([["/during", 2]]);
      await fresh.close();
    } finally {
      await edge.close();
    }
  });

  it("a Worker that is down, not reloading, is a prompt 503", async () => {
    const gone = await startFakeWorker();
    const where = new WorkerAddress(null);
    where.set({ host: "127.0.0.1", port: gone.port });
    await gone.close();
    const edge = await startEdge(where);
    try {
      const res = await raw(edge.port, "GET /down HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
      expect(res.status).toBe(503);
      expect(JSON.parse(res.body)).toMatchObject({ code: "ServiceUnavailable" });
    } finally {
      await edge.close();
    }
  });

  it("a connection refused by the old address is tried once at the next one", async () => {
    const gone = await startFakeWorker();
    const where = new WorkerAddress(null);
    where.set({ host: "127.0.0.1", port: gone.port });
    await gone.close(); // the Worker moved before the launcher heard of it
    const edge = await startEdge(where);
    try {
      const pending = raw(edge.port, "GET /moved HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
      await new Promise((r) => setTimeout(r, 200));
      const moved = await startFakeWorker();
      where.set({ host: "127.0.0.1", port: moved.port });
      expect((await pending).status).toBe(201);
      await moved.close();
    } finally {
      await edge.close();
    }
  });
});
