/**
 * What the whole local stack (edge, wrangler dev, workerd, Worker) puts on the wire, end to
 * end against a server started as a user starts it: requests at the edges of HTTP (many
 * headers) and the headers every answer carries. Each case failed against the code before
 * its fix.
 */
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
