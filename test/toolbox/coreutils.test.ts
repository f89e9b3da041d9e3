import { describe, expect, it } from "vitest";
import { csv, dups, EDGE_INPUTS, longLine, numbers, text } from "./corpus.ts";
import { both, sandboxForFile, view } from "./harness.ts";

const sb = sandboxForFile();

const INPUTS: Record<string, string> = {
  ...EDGE_INPUTS,
  text: text(1, 400),
  numbers: numbers(2, 300),
  csv: csv(3, 300),
  dups: dups(4, 300),
  long: longLine(5),
};

const CASES: Array<[string, string[]]> = [
  ["cat", []],
  ["cat", ["-n"]],
  ["cat", ["-b"]],
  ["cat", ["-s", "-E"]],
  ["head", []],
  ["head", ["-n", "3"]],
  ["head", ["-3"]],
  ["head", ["-c", "17"]],
  ["head", ["-n", "-2"]],
  ["head", ["-c", "-5"]],
  ["tail", []],
  ["tail", ["-n", "3"]],
  ["tail", ["-1"]],
  ["tail", ["-n", "+3"]],
  ["tail", ["-c", "9"]],
  ["tail", ["-c", "+4"]],
  ["tail", ["-n", "0"]],
  ["wc", []],
  ["wc", ["-l"]],
  ["wc", ["-w"]],
  ["wc", ["-c"]],
  ["wc", ["-lw"]],
  ["wc", ["-m"]],
  ["wc", ["-lmc"]],
  ["cut", ["-d", ",", "-f", "3"]],
  ["cut", ["-d,", "-f1,3-4"]],
  ["cut", ["-d", ",", "-f", "2-", "-s"]],
  ["cut", ["-f", "-2"]],
  ["cut", ["-d", " ", "-f", "2,4"]],
  ["cut", ["-c", "1-5,8"]],
  ["cut", ["-b", "3-"]],
  ["cut", ["-d,", "--complement", "-f2"]],
  ["tr", ["a-z", "A-Z"]],
  ["tr", ["[:lower:]", "[:upper:]"]],
  ["tr", ["-d", "[:digit:]"]],
  ["tr", ["-s", " "]],
  ["tr", ["-s", "[:space:]", "\\n"]],
  ["tr", ["-cd", "[:alpha:]\\n"]],
  ["tr", ["-c", "[:alnum:]", "_"]],
  ["tr", ["-ds", "a", "l"]],
  ["tr", ["abc", "x"]],
  ["tr", ["a-f", "[*]z"]],
  ["tr", ["[:upper:][:digit:]", "[x*][y*3]"]],
  ["uniq", []],
  ["uniq", ["-c"]],
  ["uniq", ["-d"]],
  ["uniq", ["-u"]],
  ["uniq", ["-i", "-c"]],
  ["uniq", ["-f", "1"]],
  ["uniq", ["-s", "2", "-c"]],
  ["sort", []],
  ["sort", ["-r"]],
  ["sort", ["-n"]],
  ["sort", ["-rn"]],
  ["sort", ["-u"]],
  ["sort", ["-f"]],
  ["sort", ["-fu"]],
  ["sort", ["-k2"]],
  ["sort", ["-k2,2"]],
  ["sort", ["-k2,2", "-s"]],
  ["sort", ["-k3"]],
  ["sort", ["-t,", "-k3,3", "-k4,4nr"]],
  ["sort", ["-t", ",", "-k2,2n"]],
  ["sort", ["-k2,2n", "-k1,1r"]],
  ["sort", ["-b", "-k2.2,2.4"]],
  ["sort", ["-k1.3"]],
  ["sort", ["-nu"]],
  ["sort", ["-g"]],
  ["sort", ["-d", "-f"]],
  ["sort", ["-t", "\t", "-k2"]],
  ["grep", ["a"]],
  ["grep", ["-v", "a"]],
  ["grep", ["-c", "o"]],
  ["grep", ["-i", "beta"]],
  ["grep", ["-n", "^[a-z]"]],
  ["grep", ["-E", "(foo|bar)+"]],
  ["grep", ["-o", "[a-z]*a"]],
  ["grep", ["-oE", "[0-9]+"]],
  ["grep", ["-w", "eta"]],
  ["grep", ["-x", "foo"]],
  ["grep", ["-F", "a.b"]],
  ["grep", ["-Fi", "FOO"]],
  ["grep", ["-q", "e"]],
  ["grep", ["-e", "foo", "-e", "bar"]],
  ["grep", ["-v", "^#"]],
  ["grep", ["-E", "^-?[0-9]+$"]],
  ["grep", ["\\(ab*\\)\\1"]],
  ["grep", ["-m", "2", "a"]],
  ["grep", ["zzzz-no-such"]],
  // Literal patterns take grep's memmem fast path: the same lines, counts and spans as the regex.
  ["grep", ["-c", "et"]],
  ["grep", ["-o", "et"]],
  ["grep", ["-n", "-w", "foo"]],
  ["grep", ["-ci", "ALPHA"]],
  ["grep", ["a+b"]],
  ["grep", ["-E", "a+b"]],
  ["grep", ["-e", "foo", "-e", "a.b"]],
];

describe("core tools match GNU byte for byte on stdin", () => {
  for (const [tool, args] of CASES) {
    it(`${tool} ${args.join(" ")}`, () => {
      for (const [name, stdin] of Object.entries(INPUTS)) {
        const { ours, gnu } = both(sb, tool, args, { stdin });
        expect({ input: name, ...view(ours) }).toEqual({ input: name, ...view(gnu) });
      }
    });
  }
});

describe("core tools with file operands", () => {
  const a = sb.write("a.txt", text(11, 50));
  const b = sb.write("b.csv", csv(12, 40));
  const c = sb.write("c.txt", "no newline at end");
  const multi: Array<[string, string[]]> = [
    ["cat", ["-n", a, c, b]],
    ["cat", [a, "-", c]],
    ["head", ["-n", "2", a, b]],
    ["head", ["-q", "-c", "5", a, b]],
    ["tail", ["-n", "2", a, c, b]],
    ["wc", [a, b, c]],
    ["wc", ["-l", a, b]],
    ["wc", [a]],
    ["wc", ["-c", a]],
    ["grep", ["-n", "a", a, b]],
    ["grep", ["-c", "e", a, b, c]],
    ["grep", ["-l", "red", a, b]],
    ["grep", ["-h", "o", a, b]],
    ["grep", ["-H", "foo", a]],
    ["grep", ["foo", a, "missing.txt"]],
    ["sort", ["-t,", "-k5,5n", b, a]],
    ["cut", ["-d,", "-f2", b, c]],
    ["uniq", ["-c", a]],
  ];
  for (const [tool, args] of multi) {
    it(`${tool} ${args.join(" ")}`, () => {
      const { ours, gnu } = both(sb, tool, args, { stdin: "from stdin\n" });
      expect(view(ours)).toEqual(view(gnu));
    });
  }

  it("grep exits 2 and reports a missing file", () => {
    const { ours } = both(sb, "grep", ["x", "nope.txt"]);
    expect(ours.status).toBe(2);
    expect(ours.stderr).toContain("nope.txt");
  });
});
