/**
 * Attacks on the local stack itself (the edge, wrangler dev, workerd), performed end to end
 * against a server started as a user starts it: request smuggling through the edge, forged
 * internal headers, uploads and headers that never finish. Each case failed against the code
 * before its fix.
 */
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { raw, type RawResponse } from "../edge/fixtures.js";
import { startMobula, type MobulaServer } from "./harness.js";
import { makeSigner, type Signer } from "./lib/signer.js";

let server: MobulaServer;
let carol: Signer;
beforeAll(async () => {
  server = await startMobula();
  carol = await makeSigner(server, "carol");
});
afterAll(async () => {
  await server?.stop();
});

const host = () => `Host: localhost:${server.port}\r\n`;

function expectError(res: RawResponse, status: number, code: string): void {
  expect(res.status, res.body).toBe(status);
  expect(JSON.parse(res.body)).toMatchObject({ code });
}

async function get(path: string): Promise<RawResponse> {
  return raw(server.port, `GET ${path} HTTP/1.1\r\n${host()}${carol.headers()}Connection: close\r\n\r\n`);
}

async function put(path: string, body: string): Promise<RawResponse> {
  return raw(server.port, `PUT ${path} HTTP/1.1\r\n${host()}${carol.headers()}Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
}

describe("request smuggling through the edge", () => {
  it("a GET whose Connection header names content-length cannot carry a second, signed request", async () => {
    const smuggled = `PUT /carol/stor/smuggled HTTP/1.1\r\n${host()}${carol.headers()}Content-Length: 5\r\n\r\nowned`;
    const res = await raw(
      server.port,
      `GET /carol/stor HTTP/1.1\r\n${host()}${carol.headers()}Connection: content-length\r\nContent-Length: ${smuggled.length}\r\n\r\n${smuggled}`,
    );
    expectError(res, 400, "InvalidHeader");
    await new Promise((r) => setTimeout(r, 500));
    expectError(await get("/carol/stor/smuggled"), 404, "ResourceNotFound");
  });

  it("a client's x-mobula-preflight does not turn an upload into a preflight", async () => {
    // Were the header honoured, the Worker would answer 204 "continue" and store nothing.
    const res = await raw(
      server.port,
      `PUT /carol/stor/forged HTTP/1.1\r\n${host()}${carol.headers()}x-mobula-preflight: 1\r\nx-mobula-content-length: 5\r\nContent-Length: 5\r\nConnection: close\r\n\r\nbytes`,
    );
    expect(res.status, res.body).toBe(204);
    expect(res.headers["x-mobula-preflight"]).toBeUndefined();
    expect((await get("/carol/stor/forged")).body).toBe("bytes");
  });
});
