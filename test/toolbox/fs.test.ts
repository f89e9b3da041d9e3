// Differential tests of ls, find and stat against GNU over one tree in the scratch dir (files,
// hidden names, names that sort around '.', nested and empty dirs, a symlink, fixed mtimes).
// WASI's stat has no permission bits, owners or block counts, so where those show (ls -l,
// stat's default output) the comparison drops them; find's output is compared sorted because
// GNU find walks in readdir order and ours in name order.
import { mkdirSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { both, sandboxForFile, view } from "./harness.ts";

const sb = sandboxForFile();

const T = (rel: string, data: string | null, mtime: number) => {
  const p = join(sb.dir, rel);
  if (data === null) mkdirSync(p, { recursive: true });
  else writeFileSync(p, data);
  utimesSync(p, mtime, mtime);
};
T("t", null, 1.6e9);
T("t/d", null, 1.6e9 + 10);
T("t/d/e", null, 1.6e9 + 20);
T("t/empty", null, 1.6e9 + 30);
T("t/.hidden", null, 1.6e9 + 40);
T("t/b", "bb\n", 1.6e9 + 50);
T("t/big", "x".repeat(5000), 1.6e9 + 60);
T("t/-dash", "", 1.6e9 + 70);
T("t/#hash", "#\n", 1.6e9 + 80);
T("t/.dot", "dot", 1.6e9 + 90);
T("t/sp ace", "s", 1.6e9 + 100);
T("t/Upper", "UU", 1.6e9 + 110);
T("t/d/inner.txt", "inner\n", 1.6e9 + 120);
T("t/d/e/deep.c", "int x;\n", 1.6e9 + 130);
T("t/.hidden/h", "h", 1.6e9 + 140);
writeFileSync(join(sb.dir, "t/recent"), "now\n"); // mtime now: ls -l shows the time, not the year
symlinkSync("b", join(sb.dir, "t/link"));
// directories last: creating entries bumped their mtimes
for (const [d, m] of [["t/d/e", 20], ["t/d", 10], ["t/empty", 30], ["t/.hidden", 40]] as const) utimesSync(join(sb.dir, d), 1.6e9 + m, 1.6e9 + m);

describe("ls matches GNU (output not a terminal, LC_ALL=C)", () => {
  it.each([
    [["t"]], [["-1", "t"]], [["-a", "t"]], [["-A", "t"]], [["-R", "t"]], [["-aR", "t"]], [["-AR", "t/d"]], [["-d", "t", "t/d"]],
    [["-S", "t"]], [["-t", "t"]], [["-r", "t"]], [["-rS", "t"]], [["-tr", "t"]], [["-p", "t"]], [["-F", "t"]], [["t/b", "t/d", "t/big"]],
    [["t/missing", "t/b"]], [["t/d", "t/empty"]], [["-t", "t/b", "t/big", "t/d"]], [["-R", "t/d", "t/b"]], [["t/link"]],
  ])("ls %j", (args) => {
    const { ours, gnu } = both(sb, "ls", args);
    expect(view(ours)).toEqual(view(gnu));
  });

  // -l: type letter, links, size, date and name must agree; permissions, owner, group and totals are WASI's gaps.
  const long = (s: Buffer) =>
    s.toString("utf8").split("\n").filter((l) => !l.startsWith("total ")).map((l) => {
      const f = l.split(/ +/);
      return f.length < 9 ? l : [f[0]!.slice(0, 1), f[1], f[4], ...f.slice(5)].join(" ");
    });
  it.each([[["-l", "t"]], [["-lA", "t"]], [["-lR", "t/d"]], [["-l", "t/b", "t/link", "t/recent"]], [["-lS", "t"]], [["-ld", "t/d"]], [["-ln", "t/d"]]])(
    "ls %j (modulo permissions, owners, totals)",
    (args) => {
      const { ours, gnu } = both(sb, "ls", args);
      expect(ours.status).toBe(gnu.status);
      expect(long(ours.stdout)).toEqual(long(gnu.stdout));
    },
  );
});

describe("find matches GNU (sorted)", () => {
  const sorted = (b: Buffer, sep: string) => b.toString("latin1").split(sep).sort();
  it.each([
    [["t"]], [["t/"]], [["t", "-name", "b*"]], [["t", "-type", "f"]], [["t", "-type", "d"]], [["t", "-type", "l"]], [["t", "-maxdepth", "1"]],
    [["t", "-mindepth", "2"]], [["t", "-mindepth", "1", "-maxdepth", "1", "-type", "d"]], [["t", "-size", "+1k"]], [["t", "-size", "-2"]],
    [["t", "-size", "3c"]], [["t", "-size", "1"]], [["t", "-empty"]], [["t", "-newer", "t/b"]], [["t", "!", "-name", "*e*"]],
    [["t", "-name", "d", "-prune", "-o", "-print"]], [["t", "(", "-name", "b", "-o", "-name", "big", ")", "-print"]], [["t", "-path", "t/d/*"]],
    [["t", "-iname", "U*"]], [["t/missing", "t/d"]], [["t", "-bogus"]], [["t", "-name"]], [["t/d", "t/empty", "-type", "d", "-name", "e*"]],
    [["t", "-false"]], [["t", "-type", "f", "-name", ".*"]], [["t", "-size", "+0", "-a", "-size", "-3k", "-not", "-type", "d"]],
    [["t", "-name", "*.c", "-o", "-name", "*.txt"]], [["t", "-type", "x"]], [["t", "-maxdepth", "1", "-name", "-dash", "-print"]],
  ])("find %j", (args) => {
    const { ours, gnu } = both(sb, "find", args);
    expect({ status: ours.status, lines: sorted(ours.stdout, "\n") }).toEqual({ status: gnu.status, lines: sorted(gnu.stdout, "\n") });
  });
  it("-print0", () => {
    const { ours, gnu } = both(sb, "find", ["t", "-type", "f", "-print0"]);
    expect(sorted(ours.stdout, "\0")).toEqual(sorted(gnu.stdout, "\0"));
  });
  it("walks in name order", () => {
    const r = sb.wasm("find", ["t/d"]).stdout.toString();
    expect(r).toBe("t/d\nt/d/e\nt/d/e/deep.c\nt/d/inner.txt\n");
  });
});

describe("stat matches GNU where WASI has the fields", () => {
  const F = "%n|%s|%F|%h|%X|%Y|%y|%Z|%N|%%|%-8s|%08s|%5h|%b|%i|%d";
  it.each([
    [["-c", F, "t/b", "t/link", "t/d", "t/big", "t/-dash", "t/d/e/deep.c"]], [["-L", "-c", F, "t/link"]], [["--printf", "%n\\t%s\\n", "t/b", "t/d"]],
    [["-c", "%a %A", "t/b", "t/d", "t/link"]], [["-c", "%n", "t/missing", "t/b"]], [[]], [["-c", "%q%", "t/b"]],
  ])("stat %j", (args) => {
    const { ours, gnu } = both(sb, "stat", args);
    expect(view(ours)).toEqual(view(gnu));
  });
  it("default output, modulo owner names and birth time", () => {
    const norm = (b: Buffer) => b.toString().replace(/\/ *\w+\)/g, "/OWNER)").replace(/Birth: .*/g, "Birth: ?");
    const { ours, gnu } = both(sb, "stat", ["t/b", "t/link", "t/d"]);
    expect(norm(ours.stdout)).toEqual(norm(gnu.stdout));
  });
});

it.each(["ls", "find", "stat"])("%s answers --help", (tool) => {
  expect(sb.wasm(tool, ["--help"]).stdout.toString()).toMatch(new RegExp(`^Usage: ${tool}`));
});
