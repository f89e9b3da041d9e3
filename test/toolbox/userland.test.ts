// Differential tests of the small coreutils (seq tac rev nl paste comm join tee fold expand
// basename dirname base64 echo printf env true false yes sleep) against GNU on generated inputs.
import { describe, expect, it } from "vitest";
import { csv, dups, EDGE_INPUTS, rng, text, words } from "./corpus.ts";
import { both, sandboxForFile, view } from "./harness.ts";

const sb = sandboxForFile();

const INPUTS: Record<string, string> = { ...EDGE_INPUTS, text: text(21, 300), csv: csv(22, 200), dups: dups(23, 200) };

/** Sorted "key fields..." lines, keys drawn from a small pool so that joins have duplicates and gaps. */
function keyed(seed: number, n: number, sep: string): string {
  const r = rng(seed);
  const keys = ["a", "b", "bx", "c", "d", "dd", "e", "f", "g", "A", "Zed"];
  const lines = Array.from({ length: n }, () => [keys[Math.floor(r() * keys.length)]!, ...words(r, Math.floor(r() * 4))].join(sep));
  return lines.sort((x, y) => (Buffer.compare(Buffer.from(x), Buffer.from(y)))).join("\n") + "\n";
}
sb.write("k1", keyed(31, 60, " "));
sb.write("k2", keyed(32, 45, " "));
sb.write("c1", keyed(33, 60, ","));
sb.write("c2", keyed(34, 45, ","));
const sorted = (s: string) => s.split("\n").filter(Boolean).sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))).join("\n") + "\n";
sb.write("s1", sorted(text(35, 200)));
sb.write("s2", sorted(text(36, 150)));
sb.write("three", "x\ny\nz\nw\n");
sb.write("two", "1\n2");

const STDIN_CASES: Array<[string, string[]]> = [
  ["tac", []], ["tac", ["-b"]], ["tac", ["-s", "a"]], ["tac", ["-b", "-s", "ab"]],
  ["rev", []],
  ["nl", []], ["nl", ["-ba"]], ["nl", ["-bn"]], ["nl", ["-nln"]], ["nl", ["-nrz", "-w3", "-s:"]], ["nl", ["-v5", "-i2"]],
  ["nl", ["-ba", "-l2"]], ["nl", ["-bpa"]],
  ["fold", []], ["fold", ["-w10"]], ["fold", ["-s", "-w12"]], ["fold", ["-b", "-w7"]], ["fold", ["-20"]],
  ["expand", []], ["expand", ["-t4"]], ["expand", ["-i"]], ["expand", ["-t", "2,5,9"]],
  ["base64", []], ["base64", ["-w0"]], ["base64", ["-w", "10"]],
  ["paste", ["-s"]], ["paste", ["-s", "-d,"]], ["paste", ["-", "-"]], ["paste", ["-d:", "-", "three", "-"]],
  ["tee", []],
];

describe.each(Object.keys(INPUTS))("input %s", (name) => {
  it.each(STDIN_CASES)("%s %j matches GNU", (tool, args) => {
    // util-linux rev refuses non-ASCII in the C locale; ours keeps UTF-8 sequences whole as it does in a UTF-8 one
    const env = tool === "rev" ? { LC_ALL: "C.UTF-8" } : undefined;
    const { ours, gnu } = both(sb, tool, args, { stdin: INPUTS[name], env });
    expect(view(ours)).toEqual(view(gnu));
  });
});

const FILE_CASES: Array<[string, string[]]> = [
  ["paste", ["three", "two", "s1"]], ["paste", ["-s", "three", "two"]], ["paste", ["-d", "\\n", "three", "two"]],
  ["paste", ["-d", "\\0,", "three", "two", "three"]], ["paste", ["-z", "three"]],
  ["comm", ["s1", "s2"]], ["comm", ["-12", "s1", "s2"]], ["comm", ["-3", "s1", "s2"]], ["comm", ["-1", "s1", "s2"]],
  ["comm", ["--output-delimiter=|", "s1", "s2"]], ["comm", ["--total", "s1", "s2"]],
  ["join", ["k1", "k2"]], ["join", ["-a1", "k1", "k2"]], ["join", ["-a1", "-a2", "k1", "k2"]], ["join", ["-v1", "k1", "k2"]],
  ["join", ["-v2", "k1", "k2"]], ["join", ["-o", "1.1,2.2,1.3", "-e", "X", "k1", "k2"]], ["join", ["-o", "auto", "-e", "-", "-a1", "k1", "k2"]],
  ["join", ["-o", "0,2.2", "-a2", "-e", "E", "k1", "k2"]], ["join", ["--header", "k1", "k2"]], ["join", ["-t", ",", "c1", "c2"]],
  ["join", ["-t", ",", "-a2", "-o", "0,1.2,2.2", "c1", "c2"]], ["join", ["-j", "1", "k1", "k2"]],
  ["tac", ["three", "two"]], ["rev", ["three", "two"]], ["nl", ["three", "two"]], ["base64", ["two"]],
  ["seq", ["5"]], ["seq", ["3", "7"]], ["seq", ["-2", "2"]], ["seq", ["1", "0.5", "3"]], ["seq", ["-w", "1", "10"]],
  ["seq", ["-w", "-1", "1"]], ["seq", ["-s,", "1", "5"]], ["seq", ["-f", "%.3f", "1", "3"]], ["seq", ["0.1", "0.1", "0.5"]],
  ["seq", ["10", "-3", "1"]], ["seq", ["-w", "1", "0.5", "3"]], ["seq", ["1", "3.5"]], ["seq", ["5", "1"]], ["seq", ["-s", " ", "100"]],
  ["basename", ["/a/b/c.txt"]], ["basename", ["/a/b/c.txt", ".txt"]], ["basename", ["/"]], ["basename", ["a//"]],
  ["basename", ["-a", "x/y", "/z/", "w"]], ["basename", ["-s", ".c", "a.c", "b.c", "x.c.c", ".c"]], ["basename", ["-z", "p/q"]],
  ["dirname", ["/a/b/c"]], ["dirname", ["a"]], ["dirname", ["/"]], ["dirname", ["//x//y//"]], ["dirname", ["a/b", "/c", "d/"]],
  ["echo", ["a", "b"]], ["echo", ["-n", "x"]], ["echo", ["-e", "a\\tb\\0101\\x41\\n"]], ["echo", ["-e", "stop\\chere"]], ["echo", ["-x", "-n"]],
  ["printf", ["%s\\n", "a", "b", "c"]], ["printf", ["%d-%x-%o\\n", "10", "255", "8", "0x10", "010"]],
  ["printf", ["%5.2f|%-8s|%e\\n", "3.14159", "hi", "12345.678"]], ["printf", ["%b\\n", "a\\tb\\0101 c\\cd"]],
  ["printf", ["[%*d] %.3s %c\\n", "5", "42", "abcdef", "xyz"]], ["printf", ["%d\\n", "abc", "12x"]], ["printf", ["%i %u\\n", "'A", "-1"]],
  ["printf", ["\\101\\x41%%\\n"]], ["printf", ["%05d|%+d|% d|%#x|%#o\\n", "42", "42", "42", "255", "8"]], ["printf", ["%g %G\\n", "0.0001", "1e20"]],
  ["true", []], ["false", []], ["true", ["--help", "x"]],
  ["env", ["-i", "A=1", "B=two"]], ["env", ["-i", "-0", "A=1"]],
];

it.each(FILE_CASES)("%s %j matches GNU", (tool, args) => {
  const { ours, gnu } = both(sb, tool, args);
  expect(view(ours)).toEqual(view(gnu));
});

it("tee copies stdin to stdout and to each file, -a appends", () => {
  const input = text(41, 500);
  const r = sb.wasm("tee", ["t1", "t2"], { stdin: input });
  expect(r.stdout.toString()).toBe(input);
  sb.wasm("tee", ["-a", "t1"], { stdin: "more\n" });
  const g = sb.gnu("sh", ["-c", "cat t1 t2"]);
  expect(g.stdout.toString()).toBe(input + "more\n" + input);
});

it("yes repeats its line until the reader stops; sleep waits", () => {
  // node:wasi has no pipe to close, so bound yes by the file it writes: check through head.
  const g = sb.gnu("sh", ["-c", "true"]);
  expect(g.status).toBe(0);
  const t0 = Date.now();
  expect(sb.wasm("sleep", ["0.2"]).status).toBe(0);
  expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
  expect(sb.wasm("sleep", ["x"]).status).toBe(1);
});

it("base64 -d inverts GNU's encoding (and -i skips garbage)", () => {
  const data = Buffer.from(Array.from({ length: 3001 }, (_, i) => Math.floor(rng(i + 7)() * 256)));
  sb.write("bin", data);
  const enc = sb.gnu("base64", ["bin"]).stdout;
  expect(sb.wasm("base64", ["-d"], { stdin: enc }).stdout.equals(data)).toBe(true);
  const { ours, gnu } = both(sb, "base64", ["-d", "-i"], { stdin: "aGVs*bG8=\n" });
  expect(view(ours)).toEqual(view(gnu));
  expect(sb.wasm("base64", ["-d"], { stdin: "a" }).status).toBe(1);
});

it("env refuses to run a program and says what to write instead", () => {
  const r = sb.wasm("env", ["ls"]);
  expect(r.status).toBe(126);
  expect(r.stderr).toContain("NAME=VALUE ls");
});

it.each(["seq", "tac", "rev", "nl", "paste", "comm", "join", "tee", "fold", "expand", "basename", "dirname", "base64", "echo", "printf", "env", "true", "false", "yes", "sleep"])(
  "%s answers --help",
  (tool) => {
    const r = sb.wasm(tool, ["--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toMatch(new RegExp(`^Usage: ${tool}`));
  },
);
