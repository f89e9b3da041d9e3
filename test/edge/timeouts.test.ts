// Clients that stop sending: an upload idle for the configured time gets Manta's
// 408 UploadTimeout and the request to the Worker is aborted (nothing is committed); headers
// that never finish get 408 RequestTimeout. Waiting on a busy Worker never counts as idle.
import net from "node:net";
import { describe, expect, it } from "vitest";
import { raw, type RawResponse, useEdgeInFrontOfFakeWorker } from "./fixtures.ts";

const IDLE_MS = 300;
const ctx = useEdgeInFrontOfFakeWorker({ uploadIdleMs: IDLE_MS, headersTimeoutMs: 500 });
const settle = () => new Promise((r) => setTimeout(r, 100));

function expectTimeout(res: RawResponse, code: string): void {
  expect(res.status).toBe(408);
  expect(res.headers["content-type"]).toBe("application/json");
  expect(JSON.parse(res.body)).toMatchObject({ code, message: expect.any(String) });
  expect(res.headers["x-request-id"]).toMatch(/\S/);
  expect(res.closed).toBe(true);
}

describe("an upload whose client stops sending", () => {
  it("gets 408 UploadTimeout, and the Worker's request is aborted mid-body", async () => {
    const before = ctx.worker.seen.length;
    const started = Date.now();
    const res = await raw(ctx.edge.port, "PUT /u/stor/idle HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc");
    expectTimeout(res, "UploadTimeout");
    expect(Date.now() - started).toBeGreaterThanOrEqual(IDLE_MS - 20);
    await settle();
    expect(ctx.worker.seen.slice(before)).toMatchObject([{ url: "/u/stor/idle", bytes: 3, complete: false }]);
  });

  it("the same for a chunked body, and after 100 Continue", async () => {
    expectTimeout(await raw(ctx.edge.port, "PUT /u/stor/idle-c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"), "UploadTimeout");
    const res = await raw(ctx.edge.port, "PUT /u/stor/idle-e HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n", {
      onContinue: (socket) => socket.write("abc"),
    });
    expect(res.interim).toEqual([100]);
    expectTimeout(res, "UploadTimeout");
  });

  it("a slow but steady upload is not idle", async () => {
    const socket = net.connect(ctx.edge.port, "127.0.0.1");
    socket.write("PUT /u/stor/steady HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\nConnection: close\r\n\r\n");
    for (const byte of "steady") {
      await new Promise((r) => setTimeout(r, IDLE_MS / 2));
      socket.write(byte);
    }
    const answer = await new Promise<string>((resolve) => {
      let text = "";
      socket.on("data", (d: Buffer) => (text += d));
      socket.on("close", () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1.1 201/);
    expect(answer).toContain("bytes=6");
  });

  it("time spent waiting for a busy Worker to read does not count", async () => {
    const body = Buffer.alloc(32 << 20, 97); // more than loopback buffers: the Worker's pause reaches the client
    const res = await raw(ctx.edge.port, Buffer.concat([Buffer.from(`PUT /stall HTTP/1.1\r\nHost: h\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`), body]));
    expect(res.status).toBe(201);
    expect(res.body).toContain(`bytes=${body.length}\n`); // chunked: the fake Worker sets no length
  });
});

describe("headers that never finish (slowloris)", () => {
  it("get 408 RequestTimeout", async () => {
    const res = await raw(ctx.edge.port, "GET /u/stor HTTP/1.1\r\nHost: h\r\nX-Slow: 1\r\n");
    expectTimeout(res, "RequestTimeout");
  });
});
