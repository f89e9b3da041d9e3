import { describe, expect, it } from "vitest";
import { call, makeUser } from "./helpers.ts";

const DIR = { "content-type": "application/json; type=directory" };
const lines = async (res: Response) => (await res.text()).split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe("directories", async () => {
  const bob = await makeUser("bob");
  const put = (path: string, body: string) => call(bob, "PUT", path, { headers: { "content-length": String(body.length) }, body });

  it("lists the account root's fixed directories", async () => {
    const res = await call(bob, "GET", "/bob");
    expect(res.headers.get("content-type")).toBe("application/x-json-stream; type=directory");
    expect((await lines(res)).map((l) => l.name)).toEqual(["jobs", "public", "reports", "stor", "uploads"]);
  });

  it("creates directories idempotently and lists entries in byte order with Manta's fields", async () => {
    expect((await call(bob, "PUT", "/bob/stor/d", { headers: DIR })).status).toBe(204);
    expect((await call(bob, "PUT", "/bob/stor/d", { headers: DIR })).status).toBe(204);
    await put("/bob/stor/d/b", "bb");
    await put("/bob/stor/d/a", "a");
    await put("/bob/stor/d/Z", "z");
    await call(bob, "PUT", "/bob/stor/d/sub", { headers: DIR });
    const res = await call(bob, "GET", "/bob/stor/d");
    expect(res.headers.get("result-set-size")).toBe("4");
    const entries = await lines(res);
    expect(entries.map((e) => e.name)).toEqual(["Z", "a", "b", "sub"]);
    expect(Object.keys(entries[0]!)).toEqual(["name", "etag", "size", "type", "contentType", "contentMD5", "mtime", "durability"]);
    expect(entries[3]).toMatchObject({ name: "sub", type: "directory" });
    const head = await call(bob, "HEAD", "/bob/stor/d");
    expect(head.headers.get("content-type")).toBe("application/x-json-stream; type=directory");
  });

  it("pages with limit and an inclusive marker, and rejects a bad limit", async () => {
    await call(bob, "PUT", "/bob/stor/p", { headers: DIR });
    for (const n of ["1", "2", "3", "4", "5"]) await put(`/bob/stor/p/${n}`, n);
    const page = await lines(await call(bob, "GET", "/bob/stor/p?limit=2&marker=3"));
    expect(page.map((e) => e.name)).toEqual(["3", "4"]);
    const rev = await lines(await call(bob, "GET", "/bob/stor/p?limit=2&sort_order=reverse"));
    expect(rev.map((e) => e.name)).toEqual(["5", "4"]);
    const bad = await call(bob, "GET", "/bob/stor/p?limit=5000");
    expect(bad.status).toBe(400);
  });

  it("refuses to remove a non-empty directory, then removes it once empty", async () => {
    await call(bob, "PUT", "/bob/stor/full", { headers: DIR });
    await put("/bob/stor/full/x", "x");
    const refused = await call(bob, "DELETE", "/bob/stor/full");
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { code: string }).code).toBe("DirectoryNotEmpty");
    expect((await call(bob, "DELETE", "/bob/stor/full/x")).status).toBe(204);
    expect((await call(bob, "DELETE", "/bob/stor/full")).status).toBe(204);
    expect((await call(bob, "GET", "/bob/stor/full")).status).toBe(404);
    const late = await put("/bob/stor/full/y", "y");
    expect(((await late.json()) as { code: string }).code).toBe("DirectoryDoesNotExist");
  });

  it("never leaves an object inside a directory removed while a PUT raced it", async () => {
    for (let round = 0; round < 5; round++) {
      const dir = `/bob/stor/race${round}`;
      await call(bob, "PUT", dir, { headers: DIR });
      const [rm, up] = await Promise.all([call(bob, "DELETE", dir), put(`${dir}/obj`, "data")]);
      const listed = await call(bob, "GET", dir);
      if (rm.status === 204) {
        expect(listed.status).toBe(404);
        expect(up.status).not.toBe(204);
      } else {
        expect(up.status).toBe(204);
        expect((await lines(listed)).map((e) => e.name)).toEqual(["obj"]);
      }
    }
  });

  it("protects the roots", async () => {
    expect((await call(bob, "DELETE", "/bob/stor")).status).toBe(400);
    expect((await put("/bob/stor", "x")).status).toBe(400);
  });

  it("answers ParentNotDirectory when the parent is an object", async () => {
    await put("/bob/stor/file", "f");
    const res = await put("/bob/stor/file/child", "c");
    expect(((await res.json()) as { code: string }).code).toBe("ParentNotDirectory");
  });
});

describe("snaplinks", async () => {
  const carol = await makeUser("carol");
  it("keeps the linked bytes after the source is overwritten and deleted", async () => {
    await call(carol, "PUT", "/carol/stor/src", { headers: { "content-length": "3" }, body: "one" });
    const link = await call(carol, "PUT", "/carol/stor/link", { headers: { "content-type": "application/json; type=link", location: "/carol/stor/src" } });
    expect(link.status).toBe(204);
    await call(carol, "PUT", "/carol/stor/src", { headers: { "content-length": "3" }, body: "two" });
    await call(carol, "DELETE", "/carol/stor/src");
    expect(await (await call(carol, "GET", "/carol/stor/link")).text()).toBe("one");
  });
  it("needs an existing object as the source", async () => {
    const res = await call(carol, "PUT", "/carol/stor/l2", { headers: { "content-type": "application/json; type=link", location: "/carol/stor/nope" } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: string }).code).toBe("SourceObjectNotFound");
  });
});
