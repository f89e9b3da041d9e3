// The thin local edge in front of the real Worker (started by `npm start`'s launcher):
// Expect: 100-continue preflights and malformed HTTP, over raw sockets.
import { describe, expect, it } from "vitest";
import { raw, type RawResponse } from "../edge/fixtures.ts";
import { expectError, rawClient } from "./lib/raw-client.ts";
import { serverForFile, type MobulaServer } from "./harness.ts";
import { makeSigner, type Signer } from "./lib/signer.ts";

let server: MobulaServer;
let carol: Signer;
serverForFile(async (s) => {
  server = s;
  carol = await makeSigner(server, "carol");
});

const { host, get } = rawClient(() => server, () => carol);

describe("Expect: 100-continue through the edge to the real Worker", () => {
  it("answers 100, then stores the body", async () => {
    const res = await raw(
      server.port,
      `PUT /carol/stor/greeting HTTP/1.1\r\n${host()}${carol.headers()}Content-Length: 6\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
      { onContinue: (socket) => socket.write("hello\n") },
    );
    expect(res.interim).toEqual([100]);
    expect(res.status, res.body).toBe(204);
    const back = await get("/carol/stor/greeting");
    expect(back.status).toBe(200);
    expect(back.body).toBe("hello\n");
  });

  it("sends DirectoryDoesNotExist instead of 100 when the parent is missing, and closes", async () => {
    let continued = false;
    const res = await raw(
      server.port,
      `PUT /carol/stor/no/such/obj HTTP/1.1\r\n${host()}${carol.headers()}Content-Length: 6\r\nExpect: 100-continue\r\n\r\n`,
      { onContinue: () => (continued = true) },
    );
    expect(continued).toBe(false);
    expectError(res, 404, "DirectoryDoesNotExist");
    expect(res.closed).toBe(true);
  });

  it("sends the authorization error instead of 100 for an unsigned upload", async () => {
    const res = await raw(server.port, `PUT /carol/stor/anon HTTP/1.1\r\n${host()}Content-Length: 6\r\nExpect: 100-continue\r\n\r\n`);
    expect(res.interim).toEqual([]);
    expect(res.status).toBeGreaterThanOrEqual(401);
    expect(res.status).toBeLessThanOrEqual(403);
  });
});

describe("malformed HTTP against the real stack", () => {
  it("commits nothing when the body is cut short", async () => {
    const res = await raw(
      server.port,
      `PUT /carol/stor/cut HTTP/1.1\r\n${host()}${carol.headers()}Content-Length: 10\r\n\r\nabc`,
      { halfClose: true },
    );
    expectError(res, 400, "BadRequest");
    await new Promise((r) => setTimeout(r, 300));
    expectError(await get("/carol/stor/cut"), 404, "ResourceNotFound");
  });

  it("commits nothing when a chunked body stops before its last chunk", async () => {
    const res = await raw(
      server.port,
      `PUT /carol/stor/cut-chunked HTTP/1.1\r\n${host()}${carol.headers()}Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n`,
      { halfClose: true },
    );
    expectError(res, 400, "BadRequest");
    await new Promise((r) => setTimeout(r, 300));
    expectError(await get("/carol/stor/cut-chunked"), 404, "ResourceNotFound");
  });

  it("answers each malformed request with a 4xx JSON error, never a 5xx", async () => {
    const cases: [string, number, string][] = [
      [`PUT /carol/stor/x HTTP/1.1\r\n${host()}Content-Length: 1\r\nContent-Length: 2\r\n\r\nab`, 400, "InvalidHeader"],
      [`PUT /carol/stor/x HTTP/1.1\r\n${host()}Transfer-Encoding: gzip\r\n\r\n`, 400, "InvalidHeader"],
      [`FOO /carol/stor HTTP/1.1\r\n${host()}\r\n`, 405, "MethodNotAllowed"],
      [`get /carol/stor HTTP/1.1\r\n${host()}\r\n`, 405, "MethodNotAllowed"],
      [`CONNECT localhost:443 HTTP/1.1\r\nHost: localhost:443\r\n\r\n`, 405, "MethodNotAllowed"],
      [`OPTIONS * HTTP/1.1\r\n${host()}\r\n`, 400, "InvalidResource"],
      [`GET http://localhost/carol/stor HTTP/1.1\r\n${host()}\r\n`, 400, "InvalidResource"],
      [`GET /carol/stor HTTP/1.1\r\n${host()}${host()}\r\n`, 400, "InvalidHeader"],
      [`PUT /carol/stor/x HTTP/1.1\r\n${host()}Content-Length: 1000000000000000\r\n\r\n`, 507, "NotEnoughSpace"],
    ];
    for (const [request, status, code] of cases) {
      const res = await raw(server.port, request);
      expect(`${res.status} ${JSON.parse(res.body).code}`, request.split("\r\n")[0]).toBe(`${status} ${code}`);
    }
  });
});
