import { describe, expect, it } from "vitest";
import { raw, type RawResponse, useEdgeInFrontOfFakeWorker } from "./fixtures.ts";

const ctx = useEdgeInFrontOfFakeWorker();

function expectJsonError(res: RawResponse, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers["content-type"]).toBe("application/json");
  expect(JSON.parse(res.body)).toMatchObject({ code, message: expect.any(String) });
  expect(res.closed).toBe(true);
}

/** Each case must be answered by the edge alone: the Worker never sees it. */
async function rejected(request: string, status: number, code: string, opts: { halfClose?: boolean } = {}): Promise<void> {
  const before = ctx.worker.seen.length;
  expectJsonError(await raw(ctx.edge.port, request, opts), status, code);
  expect(ctx.worker.seen.slice(before)).toEqual([]);
}

describe("the edge answers malformed HTTP with a clean 4xx", () => {
  it("rejects two content-length headers, even equal ones", async () => {
    await rejected("PUT /u/stor/a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 400, "InvalidHeader");
    await rejected("PUT /u/stor/a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400, "InvalidHeader");
  });

  it("rejects a non-numeric, negative or overflowing content-length", async () => {
    await rejected("PUT /u/stor/a HTTP/1.1\r\nHost: h\r\nContent-Length: 3x\r\n\r\nabc", 400, "InvalidHeader");
    await rejected("PUT /u/stor/a HTTP/1.1\r\nHost: h\r\nContent-Length: -3\r\n\r\n", 400, "InvalidHeader");
    await rejected("PUT /u/stor/a HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999\r\n\r\n", 400, "InvalidHeader");
  });

  it("answers 507 NotEnoughSpace, as Manta, to a content-length beyond what one PUT can store, without reading the body", async () => {
    await rejected("PUT /u/stor/a HTTP/1.1\r\nHost: h\r\nContent-Length: 6000000000000\r\n\r\nabc", 507, "NotEnoughSpace");
    await rejected("PUT /u/stor/a HTTP/1.1\r\nHost: h\r\nContent-Length: 1000000000000000\r\n\r\n", 507, "NotEnoughSpace");
  });

  it("rejects content-length with transfer-encoding, and unknown transfer-encodings", async () => {
    await rejected("PUT /u/stor/a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 400, "InvalidHeader");
    await rejected("PUT /u/stor/a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\nabc", 400, "InvalidHeader");
  });

  it("answers 405 to unknown, lowercase, WebDAV and CONNECT methods", async () => {
    await rejected("FOO /u/stor HTTP/1.1\r\nHost: h\r\n\r\n", 405, "MethodNotAllowed");
    await rejected("get /u/stor HTTP/1.1\r\nHost: h\r\n\r\n", 405, "MethodNotAllowed");
    await rejected("PROPFIND /u/stor HTTP/1.1\r\nHost: h\r\n\r\n", 405, "MethodNotAllowed");
    await rejected("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 405, "MethodNotAllowed");
  });

  it("answers 400 InvalidResource to `*` and absolute-URI request targets", async () => {
    await rejected("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n", 400, "InvalidResource");
    await rejected("GET http://evil.test/u/stor HTTP/1.1\r\nHost: h\r\n\r\n", 400, "InvalidResource");
    await rejected("GET //u/stor HTTP/1.1\r\nHost: h\r\n\r\n", 400, "InvalidResource");
  });

  it("rejects two Host headers, and a missing one", async () => {
    await rejected("GET /u/stor HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "InvalidHeader");
    await rejected("GET /u/stor HTTP/1.1\r\n\r\n", 400, "InvalidHeader");
  });

  it("answers 431 to oversized headers", async () => {
    await rejected(`GET /u/stor HTTP/1.1\r\nHost: h\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`, 431, "RequestHeaderFieldsTooLarge");
  });

  it("answers 400 to a bad chunk size", async () => {
    const res = await raw(ctx.edge.port, "PUT /u/stor/c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n");
    expectJsonError(res, 400, "BadRequest");
  });

  it("answers a body cut short with 400 and aborts the upstream request, so nothing is committed", async () => {
    const before = ctx.worker.seen.length;
    const res = await raw(ctx.edge.port, "PUT /u/stor/cut HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc", { halfClose: true });
    expectJsonError(res, 400, "BadRequest");
    await new Promise((r) => setTimeout(r, 100));
    const upstream = ctx.worker.seen.slice(before);
    expect(upstream).toHaveLength(1);
    expect(upstream[0]).toMatchObject({ url: "/u/stor/cut", complete: false });
  });

  it("aborts the upstream request when the client disconnects mid-body", async () => {
    const before = ctx.worker.seen.length;
    const net = await import("node:net");
    const socket = net.connect(ctx.edge.port, "127.0.0.1");
    socket.write("PUT /u/stor/gone HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
    await new Promise((r) => setTimeout(r, 100));
    socket.destroy();
    await new Promise((r) => setTimeout(r, 100));
    expect(ctx.worker.seen.slice(before)).toMatchObject([{ url: "/u/stor/gone", complete: false }]);
    // The edge is still serving.
    const res = await raw(ctx.edge.port, "GET /u/stor HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
    expect(res.status).toBe(201);
  });
});
