import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { csv, EDGE_INPUTS, longLine, text } from "./corpus.ts";
import { both, sandboxForFile, view } from "./harness.ts";

const sb = sandboxForFile();

const INPUTS: Record<string, string> = {
  ...EDGE_INPUTS,
  text: text(41, 150),
  csv: csv(42, 100),
  long: longLine(43),
};

const SCRIPTS: string[][] = [
  ["s/a/A/"],
  ["s/a/A/g"],
  ["s/o/0/2"],
  ["s/o/0/2g"],
  ["s/FOO/bar/I"],
  ["s|/|_|g"],
  ["s/\\(a\\)\\(.\\)/\\2\\1/g"],
  ["-E", "s/([a-z]+) ([a-z]+)/\\2 \\1/"],
  ["-r", "s/[0-9]+/<&>/g"],
  ["s/x*/-/g"],
  ["s/.*/[&]/"],
  ["s/e/\\n/"],
  ["s/[a-z]*/\\u&/;s/[[:upper:]]/\\l&/2g"],
  ["-n", "s/a/b/p"],
  ["-n", "2p"],
  ["-n", "$p"],
  ["-n", "/e/p"],
  ["2,4d"],
  ["/^#/d"],
  ["/foo/,/bar/d"],
  ["3,/a/s/^/> /"],
  ["2,+2s/$/ </"],
  ["$d"],
  ["1!d"],
  ["3q"],
  ["2Q"],
  ["y/abcdef/ABCDEF/"],
  ["-e", "1d", "-e", "s/e/E/g"],
  ["s/a/1/;s/b/2/;s/c/3/"],
  ["-n", "/a/{s/a/@/g;p}"],
  ["="],
  ["-n", "$="],
  ["1i\\header"],
  ["$a footer"],
  ["2c\\changed"],
  [":a;N;$!ba;s/\\n/,/g"],
  ["n;d"],
  ["$!N;s/\\n/ /"],
  ["s/[[:space:]]\\{1,\\}/ /g"],
];

describe("sed matches GNU sed byte for byte", () => {
  for (const args of SCRIPTS) {
    it(args.join(" "), () => {
      for (const [input, stdin] of Object.entries(INPUTS)) {
        const { ours, gnu } = both(sb, "sed", args, { stdin });
        expect({ input, ...view(ours) }).toEqual({ input, ...view(gnu) });
      }
    });
  }

  it("reads several files as one stream", () => {
    const a = sb.write("a.txt", "one\ntwo\n");
    const b = sb.write("b.txt", "three\nfour");
    const { ours, gnu } = both(sb, "sed", ["-n", "$p;2p", a, b]);
    expect(view(ours)).toEqual(view(gnu));
  });

  it("rejects an unknown command with a usage error", () => {
    const ours = sb.wasm("sed", ["k"]);
    expect(ours.status).not.toBe(0);
    expect(ours.stderr).toContain("unknown command");
  });

  // -s: each file a stream of its own (line numbers, `$`, the hold space and open
  // ranges start over), as GNU sed does; an empty file and a missing last newline
  // sit between the others.
  const SEPARATE = [["$p"], ["="], ["-n", "$="], ["1d"], ["2,$s/^/> /"], ["/b/,/d/d"], ["/c/,+1d"], ["1!G;h;$!d"], ["H;$!d;x"], ["$!N;s/\\n/+/"], ["n;d"], ["$d"], ["2q"]];
  for (const script of SEPARATE) {
    it(`-s ${script.join(" ")} keeps the files apart`, () => {
      const files = [sb.write("s1.txt", "a\nb\nc\n"), sb.write("s2.txt", ""), sb.write("s3.txt", "d\ne"), sb.write("s4.txt", "f\n")];
      const { ours, gnu } = both(sb, "sed", ["-s", ...script, ...files]);
      expect(view(ours)).toEqual(view(gnu));
    });
  }

  it("fails on -f DIR rather than running an empty script", () => {
    // GNU sed 4.9 reads a directory as an empty script and exits 0; a clear error is the fix.
    mkdirSync(join(sb.dir, "scriptdir"), { recursive: true });
    const ours = sb.wasm("sed", ["-f", "scriptdir"], { stdin: "x\n" });
    expect({ status: ours.status, stdout: ours.stdout.toString(), stderr: ours.stderr }).toEqual({
      status: 1,
      stdout: "",
      stderr: "sed: couldn't read scriptdir: Is a directory\n",
    });
  });
});
