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
  it("refuses unsatisfiable ranges with 416 and multiple ranges with 501", () => {
    expect(() => parseRange("bytes=10-", 10)).toThrowError(expect.objectContaining({ status: 416 }));
    expect(() => parseRange("bytes=abc", 10)).toThrowError(expect.objectContaining({ status: 416 }));
    expect(() => parseRange("bytes=0-1,3-4", 10)).toThrowError(expect.objectContaining({ status: 501 }));
  });
});
