// shuf: GNU's permutation depends on its generator, so the comparison is on properties —
// the output is a permutation (or sample) of the input with the right count — plus exact
// agreement with GNU on exit status for errors, and determinism under --random-source.
import { describe, expect, it } from "vitest";
import { text } from "./corpus.ts";
import { both, sandboxForFile } from "./harness.ts";

const sb = sandboxForFile();
sb.write("seed", text(73, 400)); // long enough for GNU, which reads it as raw random bits
sb.write("seed2", "other bytes\n");
sb.write("lines", text(71, 200));

const sorted = (b: Buffer, sep = "\n") => b.toString("latin1").split(sep).filter((l, i, a) => l !== "" || i < a.length - 1).sort();
const linesOf = (s: string) => s.split("\n").slice(0, -1);

describe("shuf output is a permutation or sample of its input", () => {
  const input = text(72, 300);
  it.each([[[]], [["-n", "10"]], [["-n", "1000"]], [["-z"]], [["--random-source=seed"]], [["lines"]], [["-o", "/tmp/out"]]])("shuf %j", (args) => {
    const { ours, gnu } = both(sb, "shuf", args, { stdin: input });
    expect(ours.status).toBe(gnu.status);
    const sep = args.includes("-z") ? "\0" : "\n";
    if (args.includes("-o")) return;
    if (args.includes("-n")) {
      const n = Number(args[1]);
      const pool = linesOf(input);
      const got = linesOf(ours.stdout.toString("utf8"));
      expect(got.length).toBe(Math.min(n, pool.length));
      expect(new Set(got).size).toBe(got.length > 0 ? new Set(got).size : 0);
      // sampled without replacement: no line more often than in the input
      const count = (a: string[]) => a.reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<string, number>());
      const have = count(pool);
      for (const [l, c] of count(got)) expect(c).toBeLessThanOrEqual(have.get(l)!);
    } else {
      expect(sorted(ours.stdout, sep)).toEqual(sorted(gnu.stdout, sep));
    }
  });

  it("-e, -i, -r and -n", () => {
    expect(sb.wasm("shuf", ["-e", "a", "b", "c"]).stdout.toString().split("\n").sort()).toEqual(["", "a", "b", "c"]);
    const r = sb.wasm("shuf", ["-i", "5-14"]).stdout.toString();
    expect(linesOf(r).map(Number).sort((x, y) => x - y)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    const big = linesOf(sb.wasm("shuf", ["-i", "1-1000000000", "-n", "50"]).stdout.toString()).map(Number);
    expect(big).toHaveLength(50);
    expect(new Set(big).size).toBe(50);
    expect(big.every((x) => x >= 1 && x <= 1e9)).toBe(true);
    const rep = linesOf(sb.wasm("shuf", ["-r", "-n", "200", "-e", "x", "y"]).stdout.toString());
    expect(rep).toHaveLength(200);
    expect(new Set(rep)).toEqual(new Set(["x", "y"]));
    expect(sb.wasm("shuf", ["-i", "3-2"]).stdout.toString()).toBe("");
  });

  it("--random-source makes the output a function of the file's bytes", () => {
    const run = (src: string) => sb.wasm("shuf", [`--random-source=${src}`, "lines"]).stdout.toString();
    expect(run("seed")).toBe(run("seed"));
    expect(run("seed")).not.toBe(run("seed2"));
    expect(sb.wasm("shuf", ["-i", "1-20", "--random-source=seed"]).stdout.toString()).toBe(
      sb.wasm("shuf", ["-i", "1-20", "--random-source=seed"]).stdout.toString(),
    );
  });
});

it.each([
  [["-i", "5-3"]], [["-i", "x-3"]], [["-n", "-1"]], [["-e", "-i", "1-3"]], [["-r", "-e"]], [["-r", "-n", "0", "-e"]], [["-n", "0", "-e", "a"]],
  [["missing"]], [["a", "b"]], [["--random-source=missing", "-e", "a"]], [["-i", "1-3", "x"]],
])("shuf %j exits as GNU does", (args) => {
  const { ours, gnu } = both(sb, "shuf", args);
  expect(ours.status).toBe(gnu.status);
  if (gnu.status !== 0 || gnu.stdout.length === 0) expect(ours.stdout.toString()).toBe(gnu.stdout.toString());
});

it("answers --help", () => expect(sb.wasm("shuf", ["--help"]).stdout.toString()).toMatch(/^Usage: shuf/));
