import { describe, expect, it } from "vitest";
import { parseRange } from "../../core/range.ts";

describe("byte ranges", () => {
  it("parses closed, open and suffix ranges", () => {
    expect(parseRange("bytes=2-4", 10)).toEqual({ offset: 2, length: 3 });
    expect(parseRange("bytes=7-", 10)).toEqual({ offset: 7, length: 3 });
    expect(parseRange("bytes=-3", 10)).toEqual({ offset: 7, length: 3 });
  });
  it("clamps node-manta's resume range that ends one past the last byte", () => {
    expect(parseRange("bytes=5-10", 10)).toEqual({ offset: 5, length: 5 });
  });
  it("refuses unsatisfiable ranges with 416 and content-range bytes */SIZE", () => {
    const refused = expect.objectContaining({ status: 416, headers: { "content-range": "bytes */10" } });
    expect(() => parseRange("bytes=10-", 10)).toThrowError(refused);
    expect(() => parseRange("bytes=abc", 10)).toThrowError(refused);
    expect(() => parseRange("bytes=0-", 0)).toThrowError(expect.objectContaining({ headers: { "content-range": "bytes */0" } }));
  });
  it("ignores a multi-range request (null: serve the whole object) instead of muskie's 501", () => {
    expect(parseRange("bytes=0-1,3-4", 10)).toBeNull();
    expect(parseRange("bytes=0-0,5-10", 0)).toBeNull();
  });
});
