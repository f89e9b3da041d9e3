/**
 * What the whole local stack (edge, wrangler dev, workerd, Worker) puts on the wire, end to
 * end against a server started as a user starts it: requests at the edges of HTTP (many
 * headers) and the headers every answer carries. Each case failed against the code before
 * its fix.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { raw, type RawResponse } from "../edge/fixtures.js";
import { startMobula, type MobulaServer } from "./harness.js";
import { makeSigner, type Signer } from "./lib/signer.js";

let server: MobulaServer;
let dave: Signer;
beforeAll(async () => {
  server = await startMobula();
  dave = await makeSigner(server, "dave");
});
afterAll(async () => {
  await server?.stop();
});

const host = () => `Host: localhost:${server.port}\r\n`;

async function get(path: string): Promise<RawResponse> {
  return raw(server.port, `GET ${path} HTTP/1.1\r\n${host()}${dave.headers()}Connection: close\r\n\r\n`);
}

describe("requests at the edges of HTTP", () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => `x-h-${i}: v\r\n`).join("");

  it("answers a PUT with 1,000 small headers sent before its Host and content-length", async () => {
    const res = await raw(server.port, `PUT /dave/stor/many HTTP/1.1\r\n${many(1000)}${host()}${dave.headers()}Content-Length: 5\r\nConnection: close\r\n\r\nhello`);
    expect(res.status, res.body).toBe(204);
    expect((await get("/dave/stor/many")).body).toBe("hello");
  });

  it("the same with Expect: 100-continue, as the Manta CLI sends it", async () => {
    const res = await raw(
      server.port,
      `PUT /dave/stor/many-100 HTTP/1.1\r\n${many(1000)}${host()}${dave.headers()}Content-Length: 5\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
      { onContinue: (socket) => socket.write("hello") },
    );
    expect(res.interim).toEqual([100]);
    expect(res.status, res.body).toBe(204);
    expect((await get("/dave/stor/many-100")).body).toBe("hello");
  });
});

describe("every answer names its server and its request", () => {
  function expectIdentity(res: RawResponse, what: string): void {
    const name = fs.readFileSync(path.join(server.stateDir, "server-name"), "utf8").trim();
    expect(name).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers["x-server-name"], what).toBe(name);
    expect(res.headers.server, what).toBe("Manta");
    expect(res.headers["x-request-id"], what).toMatch(/\S/);
  }

  it("the Worker's answers: success, errors, HEAD, readiness", async () => {
    await raw(server.port, `PUT /dave/stor/id HTTP/1.1\r\n${host()}${dave.headers()}Content-Length: 2\r\nConnection: close\r\n\r\nid`);
    expectIdentity(await get("/dave/stor/id"), "200");
    expectIdentity(await get("/dave/stor/missing"), "404");
    expectIdentity(await raw(server.port, `GET /dave/stor HTTP/1.1\r\n${host()}Connection: close\r\n\r\n`), "403");
    expectIdentity(await raw(server.port, `HEAD /dave/stor/id HTTP/1.1\r\n${host()}${dave.headers()}Connection: close\r\n\r\n`, { head: true }), "HEAD");
    expectIdentity(await raw(server.port, `GET /_mobula/ping HTTP/1.1\r\n${host()}Connection: close\r\n\r\n`), "ping");
  });

  it("the edge's own answers: 400, 405, 413, 431 and a refused CONNECT", async () => {
    const cases: [string, number][] = [
      [`PUT /dave/stor/x HTTP/1.1\r\n${host()}Content-Length: 1\r\nContent-Length: 2\r\n\r\nab`, 400],
      [`FOO /dave/stor HTTP/1.1\r\n${host()}\r\n`, 405],
      [`PUT /dave/stor/x HTTP/1.1\r\n${host()}Content-Length: 9999999999999999\r\n\r\n`, 413],
      [`GET /dave/stor HTTP/1.1\r\n${host()}X-Big: ${"a".repeat(20_000)}\r\n\r\n`, 431],
      [`CONNECT localhost:443 HTTP/1.1\r\nHost: localhost:443\r\n\r\n`, 405],
    ];
    for (const [request, status] of cases) {
      const res = await raw(server.port, request);
      expect(res.status).toBe(status);
      expectIdentity(res, String(status));
    }
  });
});
