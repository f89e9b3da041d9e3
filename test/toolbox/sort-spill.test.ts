// sort's external merge: with a small buffer (-S) every option spills sorted runs to
// /tmp and merges them, with cascades when there are more runs than --batch-size, and
// the output must still be GNU sort's, byte for byte.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { big, numbers, text } from "./corpus.ts";
import { both, sandboxForFile, view } from "./harness.ts";

const sb = sandboxForFile();
const input = big(71, 1);
const mixed = numbers(72, 20000) + text(73, 3000);

const OPTION_SETS: string[][] = [
  [],
  ["-n"],
  ["-r"],
  ["-u"],
  ["-s", "-t", "\t", "-k2,2"],
  ["-t", "\t", "-k3,3n", "-k1,1"],
  ["-t", "\t", "-k3,3gr", "-k2"],
  ["-u", "-t", "\t", "-k1,1n"],
  ["-f", "-k2"],
  ["-b", "-d", "-k2,2"],
  ["-i", "-r", "-u"],
  ["-n", "-r", "-s", "-k3,3"],
  ["-k2.3,2.5", "-k1,1nr"],
];

describe("sort with a small buffer spills and still matches GNU", () => {
  for (const args of OPTION_SETS) {
    it(`sort -S 16K ${args.join(" ")}`, () => {
      for (const batch of [[], ["--batch-size=2"]]) {
        const { ours, gnu } = both(sb, "sort", ["-S", "16K", ...batch, ...args], { stdin: input });
        expect(ours.stderr).toBe("");
        expect(ours.status).toBe(gnu.status);
        expect(ours.stdout.equals(gnu.stdout), `${batch.join(" ")} ${args.join(" ")}`).toBe(true);
      }
    }, 120_000);
  }

  it("on numbers, blank lines and words: -n, -g, -u and -s with cascaded merges", () => {
    for (const args of [["-n"], ["-g"], ["-nu"], ["-s", "-n"], ["-rn", "-k1,1"], ["-f", "-u"]]) {
      const { ours, gnu } = both(sb, "sort", ["--buffer-size=8K", "--batch-size=3", ...args], { stdin: mixed });
      expect(view(ours), args.join(" ")).toEqual(view(gnu));
    }
  }, 120_000);

  it("reads -S as GNU does: KiB by default, b K M G suffixes and %", () => {
    for (const size of ["64", "40000b", "100K", "1M", "1G", "5%"]) {
      const { ours, gnu } = both(sb, "sort", ["-S", size, "-k2"], { stdin: input });
      expect(ours.stdout.equals(gnu.stdout), size).toBe(true);
    }
    for (const bad of ["x", "10Q", "-5"]) {
      const { ours, gnu } = both(sb, "sort", ["-S", bad], { stdin: "b\na\n" });
      expect(ours.status, bad).toBe(2);
      expect(gnu.status, bad).toBe(2);
    }
  }, 120_000);

  it("-m merges more sorted files than --batch-size allows open, through temporary files", () => {
    const files: string[] = [];
    const lines = input.split("\n").filter(Boolean);
    for (let f = 0; f < 7; f++) {
      const part = lines.filter((_, i) => i % 7 === f).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      files.push(sb.write(`sorted-${f}`, part.join("\n") + "\n"));
    }
    const { ours, gnu } = both(sb, "sort", ["-m", "--batch-size=2", ...files]);
    expect(ours.stdout.equals(gnu.stdout)).toBe(true);
    expect(ours.status).toBe(0);
  }, 120_000);

  it("-o, -T and --temporary-directory: runs go where they are told and are gone afterwards", () => {
    const args = ["-S", "16K", "-T", "/tmp", "-n", "-o", "sorted-out"];
    expect(sb.wasm("sort", args, { stdin: input }).status).toBe(0);
    const ours = readFileSync(join(sb.dir, "sorted-out"));
    expect(sb.gnu("sort", args, { stdin: input }).status).toBe(0);
    expect(ours.equals(readFileSync(join(sb.dir, "sorted-out")))).toBe(true);
    const bad = sb.wasm("sort", ["-S", "16K", "--temporary-directory=/tmp/no-such-dir"], { stdin: input });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("no-such-dir");
    expect(readdirSync(sb.tmp).filter((f) => f.startsWith("sort"))).toEqual([]);
  }, 120_000);
});
