import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { big, csv, numbers } from "./corpus.ts";
import { both, sandboxForFile, view } from "./harness.ts";

const sb = sandboxForFile();

const STAGES: Array<[string, string[]]> = [
  ["grep", ["-v", "^#"]],
  ["awk", ["-F,", "{print $3}"]],
  ["sort", []],
  ["uniq", ["-c"]],
  ["sort", ["-rn"]],
  ["head", []],
];

describe("a typical job pipeline", () => {
  it("grep -v '^#' | awk -F, '{print $3}' | sort | uniq -c | sort -rn | head matches GNU at every stage", () => {
    let ours: Buffer = Buffer.from(csv(61, 20000));
    let gnu: Buffer = ours;
    for (const [tool, args] of STAGES) {
      const o = sb.wasm(tool, args, { stdin: ours });
      const g = sb.gnu(tool === "awk" ? "gawk" : tool, args, { stdin: gnu });
      expect({ stage: `${tool} ${args.join(" ")}`, ...view(o) }).toEqual({ stage: `${tool} ${args.join(" ")}`, ...view(g) });
      ours = o.stdout;
      gnu = g.stdout;
    }
    // and the composed GNU pipeline agrees with the stage-by-stage one
    const composed = execFileSync("bash", ["-c", "grep -v '^#' | gawk -F, '{print $3}' | sort | uniq -c | sort -rn | head"], {
      input: csv(61, 20000),
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LC_ALL: "C" },
    });
    expect(ours.toString()).toBe(composed.toString());
  }, 120_000);
});

describe("multi-MiB inputs", () => {
  const input = big(62, 4);

  it("sort spills sorted runs to /tmp under SORT_BUFFER_BYTES=65536 and still matches GNU", () => {
    for (const args of [[], ["-n"], ["-t", "\t", "-k3,3n", "-k1,1"], ["-u", "-k2"], ["-s", "-t", "\t", "-k2,2r"]]) {
      const { ours, gnu } = both(sb, "sort", args, { stdin: input, env: { SORT_BUFFER_BYTES: "65536" } });
      expect(ours.stderr).toBe("");
      expect(ours.stdout.equals(gnu.stdout)).toBe(true);
      expect(ours.status).toBe(0);
    }
  }, 120_000);

  it("sort really spills: runs go to TMPDIR (fails when it is missing) and are removed afterwards", () => {
    const env = { SORT_BUFFER_BYTES: "65536" };
    const bad = sb.wasm("sort", [], { stdin: input, env: { ...env, TMPDIR: "/tmp/no-such-dir" } });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("no-such-dir");
    const small = sb.wasm("sort", [], { stdin: "b\na\n", env: { ...env, TMPDIR: "/tmp/no-such-dir" } });
    expect(small.stdout.toString()).toBe("a\nb\n");
    sb.wasm("sort", [], { stdin: input, env });
    expect(readdirSync(sb.tmp).filter((f) => f.startsWith("sort"))).toEqual([]);
  }, 120_000);

  it("sort with a budget larger than the input (no spill) matches GNU", () => {
    const { ours, gnu } = both(sb, "sort", ["-k2"], { stdin: input });
    expect(ours.stdout.equals(gnu.stdout)).toBe(true);
  }, 120_000);

  it("wc, grep -c, cut, tr, tail and awk agree with GNU on the large input", () => {
    const cases: Array<[string, string[]]> = [
      ["wc", []],
      ["grep", ["-c", "alpha"]],
      ["cut", ["-f", "2"]],
      ["tr", ["a-z", "A-Z"]],
      ["tail", ["-n", "5"]],
      ["awk", ["-F", "\t", "{s+=$3; n[$1 % 10]++} END {printf \"%.3f %d\\n\", s, n[3]}"]],
      ["uniq", ["-c"]],
    ];
    for (const [tool, args] of cases) {
      const { ours, gnu } = both(sb, tool, args, { stdin: input });
      expect(ours.stdout.equals(gnu.stdout), `${tool} ${args.join(" ")}`).toBe(true);
    }
  }, 120_000);

  it("sort -n over signed decimals with many duplicates spills and stays stable", () => {
    const nums = numbers(63, 60000);
    const { ours, gnu } = both(sb, "sort", ["-s", "-n"], { stdin: nums, env: { SORT_BUFFER_BYTES: "32K" } });
    expect(view(ours)).toEqual(view(gnu));
  }, 120_000);
});
