/**
 * Manta's wire details through the real stack (edge + wrangler dev) and the
 * real Manta CLI: range headers, the storage ceiling heard instead of
 * `100 Continue`, mkdir over an object, bare-extension content types, a
 * metadata update that declares a body it never sends, and CORS.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { raw, type RawResponse } from "../edge/fixtures.ts";
import { makeUser, manta, startMobula, type MantaEnv, type MobulaServer } from "./harness.ts";
import { makeSigner, type Signer } from "./lib/signer.ts";

let server: MobulaServer;
let ida: MantaEnv;
let joe: Signer;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mobula-wire-"));

beforeAll(async () => {
  server = await startMobula();
  ida = await makeUser(server, "ida", "ed25519");
  joe = await makeSigner(server, "joe");
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const ok = async (cmd: string, args: string[], input?: string) => {
  const r = await manta(cmd, args, { env: ida, ...(input !== undefined ? { input } : {}) });
  expect(r.stderr, `${cmd} ${args.join(" ")}`).toBe("");
  expect(r.code).toBe(0);
  return r.stdout.toString();
};

/** One request as joe on a fresh connection; `lines` are extra header lines. */
function request(method: string, target: string, lines: string[] = [], body = "", opts: Parameters<typeof raw>[2] = {}): Promise<RawResponse> {
  const head = [`${method} ${target} HTTP/1.1`, `Host: localhost:${server.port}`, ...lines].join("\r\n");
  return raw(server.port, `${head}\r\n${joe.headers()}Connection: close\r\n\r\n${body}`, opts);
}

describe("ranged reads through the edge", () => {
  it("carry accept-ranges and content-md5 on 206, content-range on 416, and ignore a multi-range", async () => {
    const put = await request("PUT", "/joe/stor/digits", ["Content-Length: 10"], "0123456789");
    expect(put.status, put.body).toBe(204);
    const part = await request("GET", "/joe/stor/digits", ["Range: bytes=2-4"]);
    expect(part.status).toBe(206);
    expect(part.headers["accept-ranges"]).toBe("bytes");
    expect(part.headers["content-md5"]).toBe(put.headers["computed-md5"]);
    expect(part.body).toBe("234");
    const past = await request("GET", "/joe/stor/digits", ["Range: bytes=10-"]);
    expect(past.status).toBe(416);
    expect(past.headers["content-range"]).toBe("bytes */10");
    const multi = await request("GET", "/joe/stor/digits", ["Range: bytes=0-0,5-10"]);
    expect(multi.status).toBe(200);
    expect(multi.body).toBe("0123456789");
  });
});

describe("an upload larger than the store can hold", () => {
  it("mput -f of a 100 GiB (sparse) file hears NotEnoughSpace instead of 100 Continue and sends nothing", async () => {
    const file = path.join(tmp, "huge.bin");
    fs.closeSync(fs.openSync(file, "w"));
    fs.truncateSync(file, 100 * 1024 ** 3);
    const started = Date.now();
    const r = await manta("mput", ["-f", file, "/ida/stor/huge.bin"], { env: ida, timeoutMs: 30_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("NotEnoughSpaceError");
    // mput retries a failed upload three times (1 s, 2 s, 4 s backoff); reading the file would take far longer.
    expect(Date.now() - started).toBeLessThan(20_000);
    const head = await manta("minfo", ["/ida/stor/huge.bin"], { env: ida });
    expect(head.stdout.toString()).toContain("HTTP/1.1 404 Not Found");
  });
});

describe("mmkdir over an existing object", () => {
  it("replaces the object with a directory", async () => {
    await ok("mput", ["/ida/stor/was-object"], "bytes\n");
    await ok("mmkdir", ["/ida/stor/was-object"]);
    await ok("mput", ["/ida/stor/was-object/child"], "child\n");
    expect((await ok("mls", ["/ida/stor/was-object"])).trim()).toBe("child");
  });
});

describe("a content type given as a bare extension", () => {
  it("mput -H and mchattr -H 'content-type: jpg' store image/jpeg", async () => {
    await ok("mput", ["-H", "content-type: png", "/ida/stor/picture"], "not really\n");
    expect(await ok("minfo", ["/ida/stor/picture"])).toMatch(/content-type: image\/png/);
    await ok("mchattr", ["-H", "content-type: jpg", "/ida/stor/picture"]);
    expect(await ok("minfo", ["/ida/stor/picture"])).toMatch(/content-type: image\/jpeg/);
  });
});

describe("a metadata update that declares a body", () => {
  it("gets 400 InvalidUpdate instead of 100 Continue when it never sends the body", async () => {
    expect((await request("PUT", "/joe/stor/meta", ["Content-Length: 1"], "x")).status).toBe(204);
    const res = await request("PUT", "/joe/stor/meta?metadata=true", ["Content-Length: 4", "Expect: 100-continue"]);
    expect(res.interim).toEqual([]);
    expect(res.status, res.body).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ code: "InvalidUpdate" });
    expect(res.closed).toBe(true);
  });

  it("gets 400 InvalidUpdate when it sends the body", async () => {
    const res = await request("PUT", "/joe/stor/meta?metadata=true", ["Content-Length: 4"], "abcd");
    expect(res.status, res.body).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ code: "InvalidUpdate" });
  });

  // Without Expect, workerd would wait for the declared body before running the Worker, so the
  // edge asks the Worker first (as for Expect) and answers instead of forwarding.
  it("gets 400 InvalidUpdate without Expect when it never sends the body", async () => {
    const res = await request("PUT", "/joe/stor/meta?metadata=true", ["Content-Length: 4"]);
    expect(res.status, res.body).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ code: "InvalidUpdate" });
  });
});

describe("CORS through the edge", () => {
  it("a cross-origin GET of an object that allows only DELETE carries no access-control-allow-* headers", async () => {
    await ok("mput", ["-H", "access-control-allow-origin: *", "-H", "access-control-allow-methods: DELETE", "/ida/public/del-only"], "hi\n");
    const res = await raw(server.port, `GET /ida/public/del-only HTTP/1.1\r\nHost: localhost:${server.port}\r\nOrigin: https://other.example\r\nConnection: close\r\n\r\n`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.headers).filter((k) => k.startsWith("access-control-"))).toEqual([]);
  });
});
