// Request smuggling and forged internal headers: what a client sends must reach the Worker as
// exactly one request, framed as the client framed it, without the edge's or the runtime's
// internal headers.
import { describe, expect, it } from "vitest";
import { raw, useEdgeInFrontOfFakeWorker } from "./fixtures.ts";

const ctx = useEdgeInFrontOfFakeWorker();

const settle = () => new Promise((r) => setTimeout(r, 150));
const seenSince = (before: number) => ctx.worker.seen.slice(before);
const headerNames = (rawHeaders: string[]) => rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());

/** A second request hidden in the first one's body: it must never reach the Worker. */
const SMUGGLED = "PUT /u/stor/smuggled HTTP/1.1\r\nHost: h\r\nx-mobula-preflight: 1\r\nContent-Length: 0\r\n\r\n";

describe("the edge never lets one request become two", () => {
  it("refuses a Connection header that names content-length (the body would become a second request)", async () => {
    const before = ctx.worker.seen.length;
    const res = await raw(
      ctx.edge.port,
      `GET /u/stor/a HTTP/1.1\r\nHost: h\r\nConnection: content-length\r\nContent-Length: ${SMUGGLED.length}\r\n\r\n${SMUGGLED}`,
    );
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ code: "InvalidHeader" });
    expect(res.closed).toBe(true);
    await settle();
    expect(seenSince(before).map((s) => s.url)).toEqual([]);
  });

  it("refuses a Connection header that names transfer-encoding or host", async () => {
    const before = ctx.worker.seen.length;
    const chunked = `${SMUGGLED.length.toString(16)}\r\n${SMUGGLED}\r\n0\r\n\r\n`;
    const te = await raw(ctx.edge.port, `GET /u/stor/a HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, Transfer-Encoding\r\nTransfer-Encoding: chunked\r\n\r\n${chunked}`);
    expect(te.status).toBe(400);
    const host = await raw(ctx.edge.port, "GET /u/stor/a HTTP/1.1\r\nHost: h\r\nConnection: host\r\n\r\n");
    expect(host.status).toBe(400);
    await settle();
    expect(seenSince(before)).toEqual([]);
  });

  it("still drops the ordinary hop-by-hop headers a Connection header names", async () => {
    const before = ctx.worker.seen.length;
    const res = await raw(ctx.edge.port, "GET /u/stor/a HTTP/1.1\r\nHost: h\r\nConnection: x-hop, close\r\nX-Hop: 1\r\nX-Kept: 2\r\n\r\n");
    expect(res.status).toBe(201);
    const names = headerNames(seenSince(before)[0].rawHeaders);
    expect(names).toContain("x-kept");
    expect(names).not.toContain("x-hop");
  });

  it("forwards a GET's body with its framing, as one request", async () => {
    const before = ctx.worker.seen.length;
    const res = await raw(ctx.edge.port, `GET /u/stor/b HTTP/1.1\r\nHost: h\r\nContent-Length: ${SMUGGLED.length}\r\nConnection: close\r\n\r\n${SMUGGLED}`);
    expect(res.status).toBe(201);
    await settle();
    expect(seenSince(before)).toMatchObject([{ url: "/u/stor/b", bytes: SMUGGLED.length, complete: true }]);
  });
});

describe("internal headers cannot be forged by a client", () => {
  it("strips x-mobula-* and the runtime's mf-* headers from what a client sends", async () => {
    const before = ctx.worker.seen.length;
    const res = await raw(
      ctx.edge.port,
      "GET /u/stor/c HTTP/1.1\r\nHost: h\r\nx-mobula-preflight: 1\r\nX-Mobula-Edge: forged\r\nx-mobula-content-length: 9\r\n" +
        "x-mobula-anything: 1\r\nMF-Original-URL: http://evil.test/other\r\nmf-route-override: other\r\nConnection: close\r\n\r\n",
    );
    expect(res.status).toBe(201);
    const names = headerNames(seenSince(before)[0].rawHeaders);
    expect(names.filter((n) => n.startsWith("x-mobula-") || n.startsWith("mf-"))).toEqual([]);
  });
});
