import { describe, expect, it } from "vitest";
import { evaluateConditions } from "../../core/conditional.ts";

const cur = { etag: "e1", mtime: Date.parse("2026-01-01T00:00:00Z") };

describe("conditional requests", () => {
  it("If-Match passes on the current etag or *, fails otherwise and on a missing entry", () => {
    expect(evaluateConditions({ ifMatch: "e1" }, cur, false)).toBe("proceed");
    expect(evaluateConditions({ ifMatch: '"e1"' }, cur, false)).toBe("proceed");
    expect(evaluateConditions({ ifMatch: "*" }, cur, false)).toBe("proceed");
    expect(evaluateConditions({ ifMatch: "e2" }, cur, false)).toBe("precondition-failed");
    expect(evaluateConditions({ ifMatch: "*" }, null, false)).toBe("precondition-failed");
  });
  it("If-None-Match is 304 for reads and 412 for writes", () => {
    expect(evaluateConditions({ ifNoneMatch: "e1" }, cur, true)).toBe("not-modified");
    expect(evaluateConditions({ ifNoneMatch: "*" }, cur, false)).toBe("precondition-failed");
    expect(evaluateConditions({ ifNoneMatch: "*" }, null, false)).toBe("proceed");
  });
  it("compares dates at one-second resolution", () => {
    expect(evaluateConditions({ ifModifiedSince: "Thu, 01 Jan 2026 00:00:00 GMT" }, cur, true)).toBe("not-modified");
    expect(evaluateConditions({ ifModifiedSince: "Wed, 31 Dec 2025 00:00:00 GMT" }, cur, true)).toBe("proceed");
    expect(evaluateConditions({ ifUnmodifiedSince: "Wed, 31 Dec 2025 00:00:00 GMT" }, cur, false)).toBe("precondition-failed");
  });
});
