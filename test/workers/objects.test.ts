import { describe, expect, it } from "vitest";
import { call, makeUser } from "./helpers.ts";
import { shardKeys } from "./shards.ts";

const text = (s: string) => new TextEncoder().encode(s);
describe("objects", async () => {
  const alice = await makeUser("alice");

  it("stores an object and reads back the same bytes with Manta's headers", async () => {
    const put = await call(alice, "PUT", "/alice/stor/hello.txt", { headers: { "content-type": "text/plain", "content-length": "5", "m-color": "blue" }, body: text("hello") });
    expect(put.status).toBe(204);
    expect(put.headers.get("computed-md5")).toBe("XUFAKrxLKna5cZ2REBfFkg==");
    const get = await call(alice, "GET", "/alice/stor/hello.txt");
    expect(get.status).toBe(200);
    expect(await get.text()).toBe("hello");
    expect(get.headers.get("content-md5")).toBe("XUFAKrxLKna5cZ2REBfFkg==");
    expect(get.headers.get("durability-level")).toBe("2");
    expect(get.headers.get("m-color")).toBe("blue");
    expect(get.headers.get("etag")).toBe(put.headers.get("etag"));
  });

  it("accepts a chunked body with no content-length", async () => {
    const body = new ReadableStream<Uint8Array>({
      start(ctrl) {
        ctrl.enqueue(text("chunk one,"));
        ctrl.enqueue(text("chunk two"));
        ctrl.close();
      },
    });
    const put = await call(alice, "PUT", "/alice/stor/chunked", { body });
    expect(put.status).toBe(204);
    expect(await (await call(alice, "GET", "/alice/stor/chunked")).text()).toBe("chunk one,chunk two");
  });

  it("serves single byte ranges and refuses unsatisfiable ones", async () => {
    await call(alice, "PUT", "/alice/stor/digits", { headers: { "content-length": "10" }, body: text("0123456789") });
    const part = await call(alice, "GET", "/alice/stor/digits", { headers: { range: "bytes=2-4" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe("bytes 2-4/10");
    expect(await part.text()).toBe("234");
    expect((await call(alice, "GET", "/alice/stor/digits", { headers: { range: "bytes=20-" } })).status).toBe(416);
  });

  it("rejects a wrong content-md5 and keeps the previous version", async () => {
    await call(alice, "PUT", "/alice/stor/keep", { headers: { "content-length": "3" }, body: text("old") });
    const bad = await call(alice, "PUT", "/alice/stor/keep", { headers: { "content-length": "3", "content-md5": "XUFAKrxLKna5cZ2REBfFkg==" }, body: text("new") });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe("ContentMD5Mismatch");
    expect(await (await call(alice, "GET", "/alice/stor/keep")).text()).toBe("old");
  });

  it("honours If-Match and If-None-Match", async () => {
    const first = await call(alice, "PUT", "/alice/stor/cond", { headers: { "content-length": "1" }, body: text("a") });
    const etag = first.headers.get("etag")!;
    expect((await call(alice, "PUT", "/alice/stor/cond", { headers: { "content-length": "1", "if-match": "nope" }, body: text("b") })).status).toBe(412);
    expect((await call(alice, "PUT", "/alice/stor/cond", { headers: { "content-length": "1", "if-match": etag }, body: text("c") })).status).toBe(204);
    expect((await call(alice, "PUT", "/alice/stor/cond", { headers: { "content-length": "1", "if-none-match": "*" }, body: text("d") })).status).toBe(412);
    const again = await call(alice, "GET", "/alice/stor/cond");
    expect((await call(alice, "GET", "/alice/stor/cond", { headers: { "if-none-match": again.headers.get("etag")! } })).status).toBe(304);
  });

  it("needs an existing parent directory", async () => {
    const res = await call(alice, "PUT", "/alice/stor/missing/x", { headers: { "content-length": "1" }, body: text("x") });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: string }).code).toBe("DirectoryDoesNotExist");
  });

  it("stores empty objects without touching the shards", async () => {
    const before = await shardKeys();
    expect((await call(alice, "PUT", "/alice/stor/empty", { headers: { "content-length": "0" }, body: new Uint8Array(0) })).status).toBe(204);
    expect(await shardKeys()).toEqual(before);
    const head = await call(alice, "HEAD", "/alice/stor/empty");
    expect(head.headers.get("content-md5")).toBe("1B2M2Y8AsgTpgAmY7PhCfg==");
    expect(head.headers.get("durability-level")).toBe("0");
  });

  it("keeps accounts apart", async () => {
    const mallory = await makeUser("mallory");
    await call(alice, "PUT", "/alice/stor/secret", { headers: { "content-length": "1" }, body: text("s") });
    const res = await call(mallory, "GET", "/alice/stor/secret");
    expect(res.status).toBe(403);
    expect((await call(null, "GET", "/alice/stor/secret")).status).toBe(403);
    await call(alice, "PUT", "/alice/public/hi", { headers: { "content-length": "2" }, body: text("hi") });
    const anon = await call(null, "GET", "/alice/public/hi");
    expect(anon.status).toBe(200);
    expect(await anon.text()).toBe("hi");
  });
});
