/** Multipart uploads on the wire, as muskie answers them (issue 12: Manta's wire details). */
import { beforeAll, describe, expect, it } from "vitest";
import { call, makeUser, type TestUser } from "./helpers.ts";

let ulla: TestUser;

beforeAll(async () => {
  ulla = await makeUser("ulla");
});

async function create(objectPath: string, headers: Record<string, string | number> = {}): Promise<{ id: string; partsDirectory: string }> {
  const res = await call(ulla, "POST", "/ulla/uploads", { headers: { "content-type": "application/json" }, body: JSON.stringify({ objectPath, headers }) });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; partsDirectory: string };
}

async function code(res: Response): Promise<string> {
  return ((await res.json()) as { code: string }).code;
}

describe("multipart uploads", () => {
  it("an upload id that is not a UUID is not found, whatever the method", async () => {
    for (const [method, path] of [["POST", "/ulla/uploads/not-a-uuid/commit"], ["POST", "/ulla/uploads/not-a-uuid/abort"], ["PUT", "/ulla/uploads/not-a-uuid/0"]] as const) {
      const res = await call(ulla, method, path, { headers: { "content-type": "application/json" }, body: method === "POST" ? "{}" : "x" });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(await code(res)).toBe("ResourceNotFound");
    }
  });

  it("creating an upload in an account that does not exist is AccountDoesNotExist", async () => {
    const res = await call(ulla, "POST", "/nosuchaccount/uploads", { headers: { "content-type": "application/json" }, body: JSON.stringify({ objectPath: "/nosuchaccount/stor/x" }) });
    expect(res.status).toBe(403);
    expect(await code(res)).toBe("AccountDoesNotExist");
  });

  it("GET of an upload answers content-length and durability-level as numbers", async () => {
    const { id } = await create("/ulla/stor/numbers", { "content-length": 6, "durability-level": 1 });
    const res = await call(ulla, "GET", `/ulla/uploads/${id}/state`);
    // The id route redirects to the parts directory's state, as muskie does.
    const state = res.status === 301 ? await call(ulla, "GET", `${res.headers.get("location")}/state`) : res;
    const body = (await state.json()) as { headers: Record<string, unknown> };
    expect(body.headers["content-length"]).toBe(6);
    expect(body.headers["durability-level"]).toBe(1);
  });

  it("part numbers run from 0 to 799", async () => {
    const { partsDirectory } = await create("/ulla/stor/parts");
    for (const part of ["0", "799"]) expect((await call(ulla, "PUT", `${partsDirectory}/${part}`, { body: "x" })).status, part).toBe(204);
    for (const part of ["800", "9999", "007", "-1"]) {
      const res = await call(ulla, "PUT", `${partsDirectory}/${part}`, { body: "x" });
      expect(res.status, part).toBe(409);
      expect(await code(res)).toBe("MultipartUploadInvalidArgument");
    }
  });

  it("an upload whose target is a directory is created, and its commit fails", async () => {
    expect((await call(ulla, "PUT", "/ulla/stor/adir", { headers: { "content-type": "application/json; type=directory" } })).status).toBe(204);
    const { partsDirectory } = await create("/ulla/stor/adir");
    const put = await call(ulla, "PUT", `${partsDirectory}/0`, { body: "x" });
    const etag = put.headers.get("etag")!;
    const res = await call(ulla, "POST", `${partsDirectory}/commit`, { headers: { "content-type": "application/json" }, body: JSON.stringify({ parts: [etag] }) });
    expect(res.status).toBe(400);
    expect(await code(res)).toBe("OperationNotAllowedOnDirectory");
    const still = await call(ulla, "HEAD", "/ulla/stor/adir");
    expect(still.headers.get("content-type")).toContain("type=directory");
  });

  it("a content-type given as a bare extension is stored as its MIME type, as for a PUT", async () => {
    const { partsDirectory } = await create("/ulla/stor/picture", { "content-type": "jpg" });
    const etag = (await call(ulla, "PUT", `${partsDirectory}/0`, { body: "jpeg bytes" })).headers.get("etag")!;
    const res = await call(ulla, "POST", `${partsDirectory}/commit`, { headers: { "content-type": "application/json" }, body: JSON.stringify({ parts: [etag] }) });
    expect(res.status).toBe(201);
    expect((await call(ulla, "HEAD", "/ulla/stor/picture")).headers.get("content-type")).toBe("image/jpeg");
  });
});
