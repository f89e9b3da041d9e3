/**
 * Attacks on the local stack itself (the edge, wrangler dev, workerd), performed end to end
 * against a server started as a user starts it: another local user reading the operator token
 * or reaching the runtime behind the edge, request smuggling through the edge, forged internal
 * headers, uploads and headers that never finish. Each case failed against the code before its
 * fix.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { raw, type RawResponse } from "../edge/fixtures.ts";
import { expectError, rawClient } from "./lib/raw-client.ts";
import { startMobula, type MobulaServer } from "./harness.ts";
import { allProcesses, groupProcesses, listeners } from "./lib/processes.ts";
import { makeSigner, type Signer } from "./lib/signer.ts";

let server: MobulaServer;
let carol: Signer;
// Short timeouts, so a stalled upload or header is given up on within the test's patience.
const UPLOAD_IDLE_MS = 1000;
beforeAll(async () => {
  server = await startMobula({ env: { MOBULA_UPLOAD_IDLE_MS: String(UPLOAD_IDLE_MS), MOBULA_HEADERS_TIMEOUT_MS: "1500" } });
  carol = await makeSigner(server, "carol");
});
afterAll(async () => {
  await server?.stop();
});

const { host, get } = rawClient(() => server, () => carol);

async function put(path: string, body: string): Promise<RawResponse> {
  return raw(server.port, `PUT ${path} HTTP/1.1\r\n${host()}${carol.headers()}Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
}

describe("another local user of the machine", () => {
  const token = () => fs.readFileSync(path.join(server.stateDir, "operator-token"), "utf8").trim();
  const serverProcesses = () => groupProcesses(server.pid()!);

  it("finds the operator token on no process's command line (ps)", () => {
    expect(serverProcesses().length).toBeGreaterThan(2); // the launcher, the runtime, workerd…
    const showing = allProcesses().filter((p) => p.cmdline.includes(token()));
    expect(showing.map((p) => p.cmdline.slice(0, 200))).toEqual([]);
  });

  it("finds no V8 inspector and no workerd debug port", () => {
    const flags = serverProcesses().filter((p) => /--inspector-addr|--debug-port|--inspect/.test(p.cmdline));
    expect(flags.map((p) => p.cmdline.slice(0, 300))).toEqual([]);
  });

  it("finds every port of the server on loopback, and none but the edge's serves the API", async () => {
    const ports = listeners(serverProcesses().map((p) => p.pid));
    expect(ports.length).toBeGreaterThan(1);
    for (const l of ports) expect(["127.0.0.1", "::1"], `${l.address}:${l.port}`).toContain(l.address);
    for (const l of ports.filter((p) => p.port !== server.port)) {
      const at = `http://${l.address.includes(":") ? `[${l.address}]` : l.address}:${l.port}`;
      const ping = await fetch(`${at}/_mobula/ping`, { signal: AbortSignal.timeout(5000) }).catch(() => null);
      expect(ping ? `${ping.status} ${await ping.text()}` : "no answer", `${at}/_mobula/ping`).not.toBe("200 ok");
      const add = await fetch(`${at}/_mobula/accounts`, {
        method: "POST",
        headers: { authorization: `Bearer ${token()}`, "content-type": "application/json" },
        body: JSON.stringify({ login: "intruder", key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGg9aPq0dzI8IHV1aEbTk1DJHe3yvS5wkGdVTbDBN3Ya x" }),
        signal: AbortSignal.timeout(5000),
      }).catch(() => null);
      expect(add?.ok ?? false, `${at}/_mobula/accounts`).toBe(false);
    }
  });
});

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

describe("clients that stop sending", () => {
  it("an upload that stalls mid-body gets 408 UploadTimeout, and the old object stays", async () => {
    expect((await put("/carol/stor/slow", "version 1")).status).toBe(204);
    const started = Date.now();
    const res = await raw(server.port, `PUT /carol/stor/slow HTTP/1.1\r\n${host()}${carol.headers()}Content-Length: 100\r\n\r\nversion 2, cut`);
    expectError(res, 408, "UploadTimeout");
    expect(Date.now() - started).toBeGreaterThanOrEqual(UPLOAD_IDLE_MS - 50);
    expect(res.headers["x-server-name"]).toMatch(/\S/);
    await new Promise((r) => setTimeout(r, 500));
    expect((await get("/carol/stor/slow")).body).toBe("version 1");
  });

  it("a new object whose upload stalls after 100 Continue is never created", async () => {
    const res = await raw(server.port, `PUT /carol/stor/slow-new HTTP/1.1\r\n${host()}${carol.headers()}Content-Length: 100\r\nExpect: 100-continue\r\n\r\n`, {
      onContinue: (socket) => socket.write("a start"),
    });
    expect(res.interim).toEqual([100]);
    expectError(res, 408, "UploadTimeout");
    await new Promise((r) => setTimeout(r, 500));
    expectError(await get("/carol/stor/slow-new"), 404, "ResourceNotFound");
  });

  it("headers that never finish get 408 RequestTimeout (slowloris)", async () => {
    const res = await raw(server.port, `GET /carol/stor HTTP/1.1\r\n${host()}X-Slow: 1\r\n`);
    expectError(res, 408, "RequestTimeout");
  });
});
