import { describe, expect, it } from "vitest";
import { listingLine } from "../../core/entry.ts";
import { parseListOptions } from "../../core/listing.ts";

describe("listing options", () => {
  it("defaults to 256 by name and accepts node-manta's paging", () => {
    expect(parseListOptions({})).toEqual({ limit: 256, sortBy: "name", reverse: false });
    expect(parseListOptions({ limit: "1024", marker: "b", sort_order: "reverse", obj: "true" })).toMatchObject({ limit: 1024, marker: "b", sortBy: "name", reverse: true, only: "object" });
    expect(parseListOptions({ sort: "mtime", marker: "2026-01-01T00:00:00.000Z", dir: "true" })).toMatchObject({ sortBy: "mtime", only: "directory" });
  });
  it("rejects bad limits, bad markers and operator-only parameters with Manta's codes", () => {
    expect(() => parseListOptions({ limit: "0" })).toThrowError(expect.objectContaining({ code: "InvalidArgument" }));
    expect(() => parseListOptions({ limit: "2000" })).toThrowError(expect.objectContaining({ code: "InvalidArgument" }));
    expect(() => parseListOptions({ sort: "mtime", marker: "not a date" })).toThrowError(expect.objectContaining({ code: "InvalidParameter" }));
    expect(() => parseListOptions({ sort: "none" })).toThrowError(expect.objectContaining({ code: "QueryParameterForbidden" }));
  });
});

describe("listing lines", () => {
  it("writes object fields in muskie's order", () => {
    const line = listingLine({ type: "object", name: "h", etag: "e", size: 1, contentType: "text/plain", contentMD5: "m", mtime: 0, durability: 2, blob: null, headers: {} });
    expect(Object.keys(JSON.parse(line))).toEqual(["name", "etag", "size", "type", "contentType", "contentMD5", "mtime", "durability"]);
  });
});
