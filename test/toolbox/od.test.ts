// Differential tests of od against GNU od: layouts of every integer and character type,
// several types at once (shared column padding), -j/-N windows, -w widths, `*` runs, files.
import { describe, expect, it } from "vitest";
import { EDGE_INPUTS, rng, text } from "./corpus.ts";
import { both, sandboxForFile, view } from "./harness.ts";

const sb = sandboxForFile();

const bytes = (seed: number, n: number) => {
  const r = rng(seed);
  return Buffer.from(Array.from({ length: n }, () => Math.floor(r() * 256)));
};
const INPUTS: Record<string, string | Buffer> = {
  empty: EDGE_INPUTS.empty!,
  utf8: EDGE_INPUTS.utf8!,
  controls: EDGE_INPUTS.controls!,
  text: text(51, 20),
  binary: bytes(52, 301),
  allbytes: Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  // runs of equal 16-byte lines, so `*` appears (and then a differing tail)
  runs: Buffer.concat([Buffer.alloc(64, "a"), Buffer.from("tail"), Buffer.alloc(40, 0), Buffer.from("x")]),
};

const CASES: string[][] = [
  [], ["-c"], ["-a"], ["-b"], ["-d"], ["-o"], ["-s"], ["-x"], ["-i"], ["-l"],
  ["-t", "x1"], ["-t", "x2"], ["-t", "x4"], ["-t", "x8"], ["-t", "o1"], ["-t", "o2"], ["-t", "o4"],
  ["-t", "d1"], ["-t", "d2"], ["-t", "d4"], ["-t", "d8"], ["-t", "u1"], ["-t", "u4"], ["-t", "uL"], ["-t", "dC"],
  ["-t", "c"], ["-t", "a"], ["-t", "x1z"], ["-A", "x", "-t", "x1z"], ["-c", "-t", "x1"], ["-t", "u1", "-t", "c", "-t", "x2"],
  ["-t", "d4", "-t", "a"], ["-A", "d"], ["-A", "x"], ["-A", "n", "-t", "x1"], ["-A", "n", "-c"],
  ["-v"], ["-v", "-t", "x1"], ["-j", "5"], ["-j", "0x10", "-t", "x1"], ["-N", "7", "-t", "x2"], ["-j", "3", "-N", "20", "-c"],
  ["-N", "0"], ["-w8", "-t", "x1"], ["-w", "-t", "x1"], ["-w4", "-t", "x2", "-t", "c"], ["-w3", "-t", "x2"], ["-An", "-w1", "-t", "u1"],
  ["--format=x1", "--address-radix=d", "--skip-bytes=2", "--read-bytes=33"],
];

describe("od matches GNU on stdin", () => {
  it.each(CASES.map((a) => [a]))("od %j", (args) => {
    for (const [name, stdin] of Object.entries(INPUTS)) {
      const { ours, gnu } = both(sb, "od", args, { stdin });
      expect({ input: name, ...view(ours) }).toEqual({ input: name, ...view(gnu) });
    }
  });
});

describe("od with file operands", () => {
  sb.write("a.bin", bytes(53, 37));
  sb.write("b.txt", "second file\n");
  it.each([
    [["a.bin", "b.txt"]], [["-c", "b.txt", "-", "a.bin"]], [["-j", "40", "a.bin", "b.txt"]], [["a.bin", "missing", "b.txt"]],
    [["missing"]], [["-j", "1000", "a.bin"]], [["-t", "q"]], [["-A", "z"]], [["-t", "x3"]],
  ])("od %j matches GNU (stdout and status)", (args) => {
    const { ours, gnu } = both(sb, "od", args, { stdin: "from stdin" });
    expect(view(ours)).toEqual(view(gnu));
  });
  it("answers --help", () => {
    expect(sb.wasm("od", ["--help"]).stdout.toString()).toMatch(/^Usage: od/);
  });
});
