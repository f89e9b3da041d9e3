// Every answer names its server and request (SPEC §7), the ones the edge makes itself included:
// a client (or an operator reading its logs) can tell which server answered, and quote an id.
import { describe, expect, it } from "vitest";
import { raw, type RawResponse, useEdgeInFrontOfFakeWorker } from "./fixtures.ts";

const ctx = useEdgeInFrontOfFakeWorker({ serverName: "test-server-1" });

function expectIdentity(res: RawResponse): void {
  expect(res.headers["x-server-name"], JSON.stringify(res.headers)).toBe("test-server-1");
  expect(res.headers.server).toBe("Manta");
  expect(res.headers["x-request-id"]).toMatch(/\S/);
}

describe("the edge's own answers carry x-server-name, x-request-id and server", () => {
  const cases: [string, string, number][] = [
    ["bad content-length (parser error)", "PUT /u/stor/a HTTP/1.1\r\nHost: h\r\nContent-Length: 3x\r\n\r\n", 400],
    ["unknown method (parser error)", "FOO /u/stor HTTP/1.1\r\nHost: h\r\n\r\n", 405],
    ["CONNECT", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 405],
    ["absolute-URI target", "GET http://evil.test/u HTTP/1.1\r\nHost: h\r\n\r\n", 400],
    ["content-length beyond what one PUT stores", "PUT /u/stor/a HTTP/1.1\r\nHost: h\r\nContent-Length: 6000000000000\r\n\r\n", 507],
    ["oversized headers", `GET /u/stor HTTP/1.1\r\nHost: h\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`, 431],
    ["a runtime 5xx", "GET /crash HTTP/1.1\r\nHost: h\r\n\r\n", 503],
    ["a bad upgrade", "GET //x HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n", 400],
  ];
  for (const [what, request, status] of cases) {
    it(`${status} for ${what}`, async () => {
      const res = await raw(ctx.edge.port, request);
      expect(res.status).toBe(status);
      expectIdentity(res);
    });
  }

  it("uses the client's x-request-id when it sent one", async () => {
    const res = await raw(ctx.edge.port, "PUT /u/stor/a HTTP/1.1\r\nHost: h\r\nx-request-id: client-id-7\r\nContent-Length: 6000000000000\r\n\r\n");
    expect(res.status).toBe(507);
    expect(res.headers["x-request-id"]).toBe("client-id-7");
  });

  it("adds them to a relayed answer that lacks them, and keeps the Worker's own", async () => {
    const res = await raw(ctx.edge.port, "GET /u/stor/b HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
    expect(res.status).toBe(201);
    expectIdentity(res);
    expect(res.headers["x-request-id"]).toBe("fake"); // the fake Worker's
  });
});
