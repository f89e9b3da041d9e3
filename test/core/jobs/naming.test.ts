import { describe, expect, it } from "vitest";
import { dirsBetween, inputFile, normaliseInput, splitInputLines, stderrName, stdoutName, taskBase, taskOutputPrefix } from "../../../core/jobs/naming.ts";
import { what } from "../../../core/jobs/records.ts";
import { routeToReducer } from "../../../core/jobs/routing.ts";

const outbase = "/alice/jobs/J/stor";

describe("output naming", () => {
  it("names a phase-0 map output after its input, as Manta does", () => {
    const base = taskBase(outbase, "map", "/alice/stor/words", "/alice/stor/words", 0);
    expect(stdoutName(outbase, base, 0, "T")).toBe("/alice/jobs/J/stor/alice/stor/words.0.T");
    expect(stderrName(outbase, base, 0, "T")).toBe("/alice/jobs/J/stor/alice/stor/words.0.err.T");
    expect(taskOutputPrefix(outbase, base, 0)).toBe("/alice/jobs/J/stor/alice/stor/words.0.");
  });

  it("names later map phases after the job input they descend from", () => {
    const base = taskBase(outbase, "map", "/alice/jobs/J/stor/alice/stor/words.0.T", "/alice/stor/words", 1);
    expect(stdoutName(outbase, base, 1, "U")).toBe("/alice/jobs/J/stor/alice/stor/words.1.U");
  });

  it("names reducer outputs reduce.<phase>.<taskId>", () => {
    expect(stdoutName(outbase, taskBase(outbase, "reduce", null, null, 1), 1, "R")).toBe("/alice/jobs/J/stor/reduce.1.R");
  });

  it("strips the output base from inputs already under it", () => {
    expect(taskBase(outbase, "map", "/alice/jobs/J/stor/x", "/alice/jobs/J/stor/x", 0)).toBe("/x");
  });

  it("maps /alice/stor/x to /manta/alice/stor/x", () => {
    expect(inputFile("/alice/stor/x")).toBe("/manta/alice/stor/x");
  });

  it("lists the directories to create between the output base and an output", () => {
    expect(dirsBetween(outbase, "/alice/jobs/J/stor/alice/stor/a.0.T")).toEqual(["/alice/jobs/J/stor/alice", "/alice/jobs/J/stor/alice/stor"]);
  });
});

describe("inputs", () => {
  it("splits on CRLF or LF and skips blank lines", () => {
    expect(splitInputLines("/a/stor/x\r\n\r\n/a/stor/y\n")).toEqual(["/a/stor/x", "/a/stor/y"]);
  });

  it("normalises like path.posix.normalize and refuses relative names", () => {
    expect(normaliseInput("/a//stor/./x/")).toBe("/a/stor/x");
    expect(normaliseInput("a/stor/x")).toBeNull();
  });

  it("describes an error's input as marlin did", () => {
    expect(what({ phaseNum: 0, kind: "map", input: "/a/stor/x", p0input: "/a/stor/x" })).toBe('phase 0: input "/a/stor/x"');
    expect(what({ phaseNum: 1, kind: "map", input: "/a/jobs/J/stor/a/stor/x.0.T", p0input: "/a/stor/x" })).toBe('phase 1: input "/a/jobs/J/stor/a/stor/x.0.T" (from job input "/a/stor/x")');
    expect(what({ phaseNum: 2, kind: "reduce", input: null, p0input: null })).toBe("phase 2: reduce");
  });
});

describe("reducer routing", () => {
  it("honours an explicit reducer and refuses one out of range", () => {
    expect(routeToReducer("k", 3, 2)).toEqual({ ok: true, reducer: 2 });
    expect(routeToReducer("k", 3, 3).ok).toBe(false);
  });

  it("routes the same key to the same reducer every time, and spreads keys over all reducers", () => {
    const seen = new Set<number>();
    for (let i = 0; i < 50; i++) {
      const r = routeToReducer(`/a/stor/k${i}`, 4, null);
      expect(r).toEqual(routeToReducer(`/a/stor/k${i}`, 4, null));
      if (r.ok) seen.add(r.reducer);
    }
    expect(seen.size).toBe(4);
  });
});
