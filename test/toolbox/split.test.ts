// Differential tests of split against GNU split 9.1: each case runs GNU in one scratch dir
// and ours in another, with the same input, then compares stdout, exit status and the files
// each left behind (names and bytes).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { numbers, rng, text } from "./corpus.ts";
import { Sandbox, view } from "./harness.ts";


const r = rng(61);
const INPUTS: Record<string, string | Buffer> = {
  empty: "",
  two: "a\nb\n",
  text: text(62, 120),
  numbers: numbers(63, 2000),
  binary: Buffer.from(Array.from({ length: 5000 }, () => Math.floor(r() * 256))),
  longLines: `${"x".repeat(300)}\nshort\n${"y".repeat(250)}\nend`,
};

/** Files in a dir other than the input, as name -> contents (latin1). */
function outputs(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) if (f !== "in") out[f] = readFileSync(join(dir, f)).toString("latin1");
  return out;
}

function compare(args: string[], input: string | Buffer, stdin?: string | Buffer) {
  const g = new Sandbox();
  const w = new Sandbox();
  try {
    g.write("in", input);
    w.write("in", input);
    const gnu = g.gnu("split", args, { stdin });
    const ours = w.wasm("split", args, { stdin });
    expect({ ...view(ours), files: outputs(w.dir) }).toEqual({ ...view(gnu), files: outputs(g.dir) });
  } finally {
    g.dispose();
    w.dispose();
  }
}

const CASES: string[][] = [
  ["in"], ["-l", "7", "in"], ["-l", "1", "in", "p_"], ["-13", "in"], ["-b", "100", "in"], ["-b", "1K", "in"], ["-b", "1KB", "in"],
  ["-C", "100", "in"], ["-C", "10", "in"], ["-n", "3", "in"], ["-n", "7", "in"], ["-n", "l/3", "in"], ["-n", "l/7", "in"],
  ["-n", "r/3", "in"], ["-n", "2/3", "in"], ["-n", "l/2/3", "in"], ["-n", "r/2/3", "in"], ["-e", "-n", "7", "in"],
  ["-e", "-n", "l/7", "in"], ["-e", "-n", "r/7", "in"], ["-d", "-l", "10", "in"], ["-x", "-l", "10", "in"],
  ["-a", "3", "-l", "50", "in"], ["--additional-suffix=.txt", "-l", "300", "in", "pre"], ["--numeric-suffixes=5", "-n", "4", "in"],
  ["--verbose", "-l", "500", "in"], ["-n", "20", "in"], ["-n", "1000", "in"],
];

describe.each(Object.keys(INPUTS))("input %s", (name) => {
  it.each(CASES.map((a) => [a]))("split %j matches GNU", (args) => compare(args, INPUTS[name]!));
});

describe("split edge cases", () => {
  // suffixes widen after xyz (xzaaa...) and after x89 with -d (x9000...)
  it.each([[["-l", "1", "in"]], [["-d", "-l", "1", "in"]]])("split %j on 2000 lines widens suffixes as GNU", (args) =>
    compare(args, numbers(64, 2000)),
  );
  it.each([
    [["-a", "1", "-l", "1", "in"]], [["-l", "5", "-b", "3", "in"]], [["-n", "0", "in"]], [["-l", "0", "in"]], [["in", "a", "b"]],
    [["missing"]], [["-d3", "-l", "100", "in"]], [["-a", "1", "-n", "30", "in"]], [["-l", "3", "-", "pp"]], [["-n", "r/2"]],
  ])("split %j: same files and status as GNU", (args) => compare(args, text(65, 40), "s1\ns2\ns3\ns4\ns5\n"));
  it("answers --help", () => {
    const s = new Sandbox();
    expect(s.wasm("split", ["--help"]).stdout.toString()).toMatch(/^Usage: split/);
    s.dispose();
  });
});
