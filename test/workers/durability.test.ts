import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, makeUser } from "./helpers.ts";
import { BUCKETS, copiesOf, eventually } from "./shards.ts";

/** The blob's reference count as BlobRefsDO holds it (null: only its writer's implicit reference). */
async function refCount(etag: string): Promise<number | null> {
  return runInDurableObject(env.BLOB_REFS.getByName(`refs-${etag.slice(0, 1)}`), async (_, state) => {
    const row = state.storage.sql.exec<{ count: number }>("SELECT count FROM refs WHERE id = ?", etag).toArray()[0];
    return row ? row.count : null;
  });
}

describe("durability and reclamation", async () => {
  const gil = await makeUser("gil");
  const put = (path: string, body: string, headers: Record<string, string> = {}) =>
    call(gil, "PUT", path, { headers: { "content-length": String(body.length), ...headers }, body });

  it("keeps durability-level N copies on N distinct shards", async () => {
    for (const n of [1, 2, 3]) {
      const res = await put(`/gil/stor/d${n}`, "copies", { "durability-level": String(n) });
      expect(await copiesOf(res.headers.get("etag")!)).toHaveLength(n);
    }
    expect((await put("/gil/stor/d9", "x", { "durability-level": "9" })).status).toBe(400);
  });

  it("reads from another copy when one is missing", async () => {
    const res = await put("/gil/stor/survivor", "still readable");
    const etag = res.headers.get("etag")!;
    const [first] = await copiesOf(etag);
    await BUCKETS[first!]!.delete(`blobs/${etag}`);
    for (let i = 0; i < 4; i++) expect(await (await call(gil, "GET", "/gil/stor/survivor")).text()).toBe("still readable");
  });

  it("deletes a blob once no name references it, and not before", async () => {
    const res = await put("/gil/stor/shared", "shared bytes");
    const etag = res.headers.get("etag")!;
    await call(gil, "PUT", "/gil/stor/shared-link", { headers: { "content-type": "application/json; type=link", location: "/gil/stor/shared" } });
    expect(await refCount(etag)).toBe(2);
    await call(gil, "DELETE", "/gil/stor/shared");
    // The delete's release has landed (2 → 1), and the copies are all still there.
    expect(await eventually(() => refCount(etag), (n) => n === 1)).toBe(1);
    expect(await copiesOf(etag)).toHaveLength(2);
    await put("/gil/stor/shared-link", "overwritten");
    expect(await eventually(() => copiesOf(etag), (c) => c.length === 0)).toHaveLength(0);
    expect(await refCount(etag)).toBe(0);
  });

  it("reclaims the previous blob when a name is overwritten", async () => {
    const first = (await put("/gil/stor/over", "one")).headers.get("etag")!;
    await put("/gil/stor/over", "two");
    expect(await eventually(() => copiesOf(first), (c) => c.length === 0)).toEqual([]);
  });
});

describe("CORS", async () => {
  const hal = await makeUser("hal");
  it("answers a preflight from the entry's stored rules, and echoes a matching origin", async () => {
    await call(hal, "PUT", "/hal/public/page.html", {
      headers: { "content-length": "2", "access-control-allow-origin": "https://a.example", "access-control-allow-methods": "GET, PUT" },
      body: "hi",
    });
    const pre = await call(null, "OPTIONS", "/hal/public/page.html", { headers: { origin: "https://a.example", "access-control-request-method": "GET" } });
    expect(pre.status).toBe(200);
    expect(pre.headers.get("access-control-allow-origin")).toBe("https://a.example");
    const other = await call(null, "GET", "/hal/public/page.html", { headers: { origin: "https://b.example" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    const same = await call(null, "GET", "/hal/public/page.html", { headers: { origin: "https://a.example" } });
    expect(same.headers.get("access-control-allow-origin")).toBe("https://a.example");
  });
});
