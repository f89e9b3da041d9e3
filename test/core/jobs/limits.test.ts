import { describe, expect, it } from "vitest";
import { CPU_DEFAULTS, cpuPolicy, cpuSeconds, taskLimits } from "../../../core/jobs/limits.ts";

const GiB = 1024 ** 3;
const map = { type: "map" as const, exec: "wc -l" };

describe("the CPU limit", () => {
  it("defaults to 30 s of CPU plus 300 s per GiB of input, at 8G fuel per second", () => {
    expect(CPU_DEFAULTS).toEqual({ baseSeconds: 30, secondsPerGiB: 300, fuelPerSecond: 8e9 });
    expect(cpuSeconds(CPU_DEFAULTS, 0)).toBe(30);
    expect(cpuSeconds(CPU_DEFAULTS, GiB)).toBe(330);
    expect(cpuSeconds(CPU_DEFAULTS, GiB / 2)).toBe(180);
  });

  it("stops a loop on a small input within a minute, and gives a 1 GiB pipeline several times what it needs", () => {
    // A spin loop burns ~8G fuel per CPU second; the reference pipeline
    // (grep | awk | sort | uniq -c | sort -rn | head) ~410 fuel per input byte.
    const small = taskLimits(map, 1024).cpuFuel;
    expect(small / 8e9).toBeLessThan(60);
    expect(taskLimits(map, GiB).cpuFuel).toBeGreaterThan(4 * 410 * GiB);
  });

  it("reads the operator's Worker vars; empty ones keep the default", () => {
    const p = cpuPolicy({ TASK_CPU_SECONDS: "1", TASK_CPU_SECONDS_PER_GIB: "", TASK_FUEL_PER_CPU_SECOND: "2e9" });
    expect(p).toEqual({ baseSeconds: 1, secondsPerGiB: 300, fuelPerSecond: 2e9 });
    expect(taskLimits(map, 0, p).cpuFuel).toBe(2e9);
    expect(taskLimits(map, GiB, p).cpuFuel).toBe(301 * 2e9);
    expect(cpuPolicy({})).toEqual(CPU_DEFAULTS);
  });

  it("refuses a setting that is not a positive number", () => {
    expect(() => cpuPolicy({ TASK_CPU_SECONDS: "ten" })).toThrow(/TASK_CPU_SECONDS must be a positive number/);
    expect(() => cpuPolicy({ TASK_CPU_SECONDS_PER_GIB: "-1" })).toThrow(/TASK_CPU_SECONDS_PER_GIB/);
  });
});
