/**
 * Manta's wire details that clients and browsers notice: range headers, the
 * storage ceiling, mkdir over an object, bare-extension content types,
 * metadata updates that declare a body, and CORS on a method the rules leave out.
 */
import { describe, expect, it } from "vitest";
import { call, makeUser } from "./helpers.ts";
import { copiesOf, eventually } from "./shards.ts";

const DIR = { "content-type": "application/json; type=directory" };
// What the local edge sends the Worker before `100 Continue` (edge/headers.ts): no body, the length aside.
const preflightOf = (length: string) => ({ "x-mobula-preflight": "1", "content-length": "0", "x-mobula-content-length": length });

async function codeOf(res: Response): Promise<string> {
  return ((await res.json()) as { code: string }).code;
}

describe("ranged reads", async () => {
  const ria = await makeUser("ria");
  const put = (path: string, body: string) => call(ria, "PUT", path, { headers: { "content-length": String(body.length) }, body });
  const md5 = (await put("/ria/stor/digits", "0123456789")).headers.get("computed-md5");

  it("answer 206 with accept-ranges and the whole object's content-md5 (node-manta checks it after a resumed GET)", async () => {
    const part = await call(ria, "GET", "/ria/stor/digits", { headers: { range: "bytes=2-4" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("accept-ranges")).toBe("bytes");
    expect(part.headers.get("content-md5")).toBe(md5);
    expect(part.headers.get("content-range")).toBe("bytes 2-4/10");
    expect(await part.text()).toBe("234");
  });

  it("answer 416 with content-range bytes */SIZE, for an empty object too", async () => {
    const past = await call(ria, "GET", "/ria/stor/digits", { headers: { range: "bytes=20-" } });
    expect(past.status).toBe(416);
    expect(past.headers.get("content-range")).toBe("bytes */10");
    expect(await codeOf(past)).toBe("RequestedRangeNotSatisfiable");
    await put("/ria/stor/empty", "");
    const empty = await call(ria, "GET", "/ria/stor/empty", { headers: { range: "bytes=0-" } });
    expect(empty.status).toBe(416);
    expect(empty.headers.get("content-range")).toBe("bytes */0");
  });

  it("serve the whole object for a multi-range request (RFC 9110 lets a server ignore Range), not 501", async () => {
    const res = await call(ria, "GET", "/ria/stor/digits", { headers: { range: "bytes=0-0,5-10" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-range")).toBeNull();
    expect(res.headers.get("content-length")).toBe("10");
    expect(await res.text()).toBe("0123456789");
  });
});

describe("a PUT larger than the store can hold", async () => {
  const sol = await makeUser("sol");

  it("is 507 NotEnoughSpace, as in Manta, and stores nothing", async () => {
    const res = await call(sol, "PUT", "/sol/stor/huge", { headers: { "content-length": "1000000000000000" }, body: "abcd" });
    expect(res.status).toBe(507);
    expect(await codeOf(res)).toBe("NotEnoughSpace");
    expect((await call(sol, "HEAD", "/sol/stor/huge")).status).toBe(404);
  });

  it("is 507 in the edge's preflight too, so the client hears it instead of 100 Continue", async () => {
    const res = await call(sol, "PUT", "/sol/stor/huge", { headers: preflightOf("1000000000000000") });
    expect(res.status).toBe(507);
    expect(res.headers.get("x-mobula-preflight")).toBeNull();
    expect(await codeOf(res)).toBe("NotEnoughSpace");
  });

  it("is 507 for a streaming upload whose max-content-length is beyond it, in the preflight too", async () => {
    const stream = new ReadableStream<Uint8Array>({ start: (ctrl) => (ctrl.enqueue(new Uint8Array(4)), ctrl.close()) });
    const chunked = await call(sol, "PUT", "/sol/stor/huge", { headers: { "max-content-length": "1000000000000000" }, body: stream });
    expect(chunked.status).toBe(507);
    const preflight = await call(sol, "PUT", "/sol/stor/huge", { headers: { "x-mobula-preflight": "1", "content-length": "0", "max-content-length": "1000000000000000" } });
    expect(preflight.status).toBe(507);
  });

  it("still lets a 6 GB upload through the preflight: the blob store cuts it into parts", async () => {
    const res = await call(sol, "PUT", "/sol/stor/fine", { headers: preflightOf("6000000000") });
    expect(res.status).toBe(204);
    expect(res.headers.get("x-mobula-preflight")).toBe("continue");
  });
});

describe("mkdir over an existing object", async () => {
  const tad = await makeUser("tad");

  it("replaces the object with a directory (204), as Manta does, and reclaims the object's blob", async () => {
    const put = await call(tad, "PUT", "/tad/stor/thing", { headers: { "content-length": "5" }, body: "bytes" });
    const etag = put.headers.get("etag")!;
    expect(await copiesOf(etag)).toHaveLength(2);
    const mkdir = await call(tad, "PUT", "/tad/stor/thing", { headers: DIR });
    expect(mkdir.status).toBe(204);
    const head = await call(tad, "HEAD", "/tad/stor/thing");
    expect(head.headers.get("content-type")).toBe("application/x-json-stream; type=directory");
    const listing = await (await call(tad, "GET", "/tad/stor")).text();
    expect(listing.trim().split("\n").map((l) => JSON.parse(l) as { name: string; type: string })).toEqual([
      expect.objectContaining({ name: "thing", type: "directory" }),
    ]);
    expect((await call(tad, "PUT", "/tad/stor/thing/inside", { headers: { "content-length": "1" }, body: "x" })).status).toBe(204);
    expect(await eventually(() => copiesOf(etag), (c) => c.length === 0)).toHaveLength(0);
  });

  it("keeps a snaplinked blob that another name still holds", async () => {
    const put = await call(tad, "PUT", "/tad/stor/shared", { headers: { "content-length": "6" }, body: "shared" });
    const etag = put.headers.get("etag")!;
    await call(tad, "PUT", "/tad/stor/shared-link", { headers: { "content-type": "application/json; type=link", location: "/tad/stor/shared" } });
    expect((await call(tad, "PUT", "/tad/stor/shared", { headers: DIR })).status).toBe(204);
    // Give a wrong release time to land before looking.
    await new Promise((r) => setTimeout(r, 300));
    expect(await copiesOf(etag)).toHaveLength(2);
    expect(await (await call(tad, "GET", "/tad/stor/shared-link")).text()).toBe("shared");
  });
});

describe("content types given as a bare extension", async () => {
  const uma = await makeUser("uma");

  it("are stored as their MIME type on PUT, as muskie's mime lookup does", async () => {
    await call(uma, "PUT", "/uma/stor/pic", { headers: { "content-length": "1", "content-type": "jpg" }, body: "x" });
    expect((await call(uma, "HEAD", "/uma/stor/pic")).headers.get("content-type")).toBe("image/jpeg");
    await call(uma, "PUT", "/uma/stor/odd", { headers: { "content-length": "1", "content-type": "nosuchext" }, body: "x" });
    expect((await call(uma, "HEAD", "/uma/stor/odd")).headers.get("content-type")).toBe("application/octet-stream");
  });

  it("are stored as their MIME type on a metadata update (mchattr -H 'content-type: jpg')", async () => {
    await call(uma, "PUT", "/uma/stor/later", { headers: { "content-length": "1", "content-type": "text/plain" }, body: "x" });
    const res = await call(uma, "PUT", "/uma/stor/later?metadata=true", { headers: { "content-type": "jpg" } });
    expect(res.status).toBe(204);
    expect((await call(uma, "HEAD", "/uma/stor/later")).headers.get("content-type")).toBe("image/jpeg");
  });

  it("leave content-disposition off directories, on mkdir and on a metadata update", async () => {
    const mkdir = await call(uma, "PUT", "/uma/stor/d", { headers: { ...DIR, "content-disposition": "attachment; filename=d.txt" } });
    expect(mkdir.status).toBe(204);
    expect((await call(uma, "HEAD", "/uma/stor/d")).headers.get("content-disposition")).toBeNull();
    const update = await call(uma, "PUT", "/uma/stor/d?metadata=true", { headers: { "content-disposition": "attachment", "m-kept": "yes" } });
    expect(update.status).toBe(204);
    const head = await call(uma, "HEAD", "/uma/stor/d");
    expect(head.headers.get("content-disposition")).toBeNull();
    expect(head.headers.get("m-kept")).toBe("yes");
    expect(head.headers.get("content-type")).toBe("application/x-json-stream; type=directory");
  });
});

describe("a metadata update that declares a body", async () => {
  const val = await makeUser("val");

  it("is 400 InvalidUpdate in the edge's preflight, before the client is told to send it", async () => {
    await call(val, "PUT", "/val/stor/obj", { headers: { "content-length": "1" }, body: "x" });
    const res = await call(val, "PUT", "/val/stor/obj?metadata=true", { headers: preflightOf("4") });
    expect(res.status).toBe(400);
    expect(await codeOf(res)).toBe("InvalidUpdate");
  });

  it("is 400 InvalidUpdate when it reaches the Worker", async () => {
    const res = await call(val, "PUT", "/val/stor/obj?metadata=true", { headers: { "content-length": "4" }, body: "abcd" });
    expect(res.status).toBe(400);
    expect(await codeOf(res)).toBe("InvalidUpdate");
  });
});

describe("CORS on a method the stored rules leave out", async () => {
  const wes = await makeUser("wes");
  const rules = (methods: string) => ({ "content-length": "2", "access-control-allow-origin": "*", "access-control-allow-methods": methods, "access-control-expose-headers": "m-a" });

  it("answers a cross-origin GET with no access-control-allow-* headers at all", async () => {
    await call(wes, "PUT", "/wes/public/del-only", { headers: rules("DELETE"), body: "hi" });
    const res = await call(null, "GET", "/wes/public/del-only", { headers: { origin: "https://other.example" } });
    expect(res.status).toBe(200);
    expect([...res.headers.keys()].filter((k) => k.startsWith("access-control-"))).toEqual([]);
  });

  it("still answers a GET the rules allow with the origin and methods", async () => {
    await call(wes, "PUT", "/wes/public/get-ok", { headers: rules("GET, DELETE"), body: "hi" });
    const res = await call(null, "GET", "/wes/public/get-ok", { headers: { origin: "https://other.example" } });
    expect(res.headers.get("access-control-allow-origin")).toBe("https://other.example");
    expect(res.headers.get("access-control-allow-methods")).toBe("GET, DELETE");
    expect(res.headers.get("access-control-expose-headers")).toBe("m-a");
  });
});
