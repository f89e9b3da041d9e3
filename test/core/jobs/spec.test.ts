import { describe, expect, it } from "vitest";
import { MantaError } from "../../../core/errors.ts";
import { parseJobSpec, phaseDefaults } from "../../../core/jobs/spec.ts";

describe("job spec", () => {
  it("accepts what `mjob create -m A -r B` sends and defaults the phase type to map", () => {
    const spec = parseJobSpec({ name: "", phases: [{ exec: "grep foo" }, { exec: "wc -l", type: "reduce" }] });
    expect(spec.phases.map((p) => p.type)).toEqual(["map", "reduce"]);
  });

  it("fills in the name when the body has none", () => {
    expect(parseJobSpec({ phases: [{ exec: "cat" }] }).name).toBe("");
  });

  it("defaults memory to 1024 MiB, disk to 8 GiB, reducers to one", () => {
    expect(phaseDefaults({ type: "reduce", exec: "x" })).toEqual({ memory: 1024, disk: 8, count: 1 });
  });

  it("names the offending field in the InvalidJob message", () => {
    try {
      parseJobSpec({ phases: [{ exec: "cat", memory: 100 }] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(MantaError);
      expect((e as MantaError).code).toBe("InvalidJob");
      expect((e as MantaError).message).toContain("phases[0].memory");
    }
  });

  it("refuses unknown top-level properties, as marlin's schema did", () => {
    expect(() => parseJobSpec({ phases: [{ exec: "cat" }], owner: "x" })).toThrow(/unsupported property "owner"/);
  });
});
