// The access log's three modes (workers/access-log.ts): a line per request, lines written
// together, or none — each line the same JSON record whichever way it is written.
import { afterEach, describe, expect, it, vi } from "vitest";
import { logAccess, type AccessRecord } from "../../workers/access-log.ts";

const record = (i: number): AccessRecord => ({ req_id: `r${i}`, account: "jo", method: "GET", path: `/jo/stor/${i}`, status: 200, bytes: 5, latency: 1 });

afterEach(() => vi.restoreAllMocks());

describe("access log", () => {
  it("each: one console line per request, with the record's fields", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    logAccess("each", record(1), () => {});
    expect(log).toHaveBeenCalledTimes(1);
    expect(JSON.parse(log.mock.calls[0]![0] as string)).toEqual({ name: "mobula", ...record(1) });
  });

  it("batch: nothing at once; the lines of many requests in one write when the waitUntil comes due", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const waits: Array<Promise<unknown>> = [];
    for (let i = 0; i < 5; i++) logAccess("batch", record(i), (p) => waits.push(p));
    expect(log).not.toHaveBeenCalled();
    expect(waits).toHaveLength(1); // one request holds the flush, not every request
    await Promise.all(waits);
    expect(log).toHaveBeenCalledTimes(1);
    const lines = (log.mock.calls[0]![0] as string).split("\n").map((l) => JSON.parse(l) as AccessRecord);
    expect(lines.map((l) => l.req_id)).toEqual(["r0", "r1", "r2", "r3", "r4"]);
  });

  it("off: nothing", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    logAccess("off", record(1), () => {});
    expect(log).not.toHaveBeenCalled();
  });
});
