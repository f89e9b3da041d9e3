import { describe, expect, it } from "vitest";
import { encodePath, isTopDirectory, parseRequestPath } from "../../core/paths.ts";

describe("Manta paths", () => {
  it("decodes each segment and collapses duplicate and trailing slashes", () => {
    expect(parseRequestPath("/alice//stor/a%20b/c%3Ad/").path).toBe("/alice/stor/a b/c:d");
  });
  it("rejects undecodable segments, dot segments and encoded slashes", () => {
    for (const bad of ["/alice/stor/%E0%A4%A", "/alice/stor/../bob", "/alice/stor/a%2Fb", "/", "/1abc/stor"]) {
      expect(() => parseRequestPath(bad), bad).toThrowError(expect.objectContaining({ code: "InvalidResource" }));
    }
  });
  it("knows the top-level directories", () => {
    expect(isTopDirectory(parseRequestPath("/alice/stor"))).toBe(true);
    expect(isTopDirectory(parseRequestPath("/alice/stor/x"))).toBe(false);
  });
  it("re-encodes like node-manta", () => {
    expect(encodePath("/alice/stor/a b")).toBe("/alice/stor/a%20b");
  });
});
