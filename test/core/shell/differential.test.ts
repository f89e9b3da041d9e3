// Differential tests: each line uses only shell builtins, so real `bash -c` (the reference Manta uses) and
// runShell must agree byte for byte on stdout, and on the exit status.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runShell, type ByteSink } from "../../../core/shell/index.ts";
import { FakeHost, MemorySink, memorySource } from "./fake-host.ts";

// An empty directory: no accidental glob matches, and `pwd` is the same for both shells.
const dir = mkdtempSync(join(tmpdir(), "mobula-shell-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Found with the caller's PATH; the lines themselves run with a PATH where no external program exists.
const BASH = spawnSync("bash", ["-c", "command -v bash"], { encoding: "utf8" }).stdout.trim();
const ENV = { HOME: "/home/u", PATH: "/nonexistent", LC_ALL: "C" };

class BytesSink implements ByteSink {
  chunks: Uint8Array[] = [];
  async write(chunk: Uint8Array): Promise<void> {
    this.chunks.push(chunk.slice());
  }
  async close(): Promise<void> {}
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

const LINES: string[] = [
  // echo and quoting
  "echo hello   world",
  "echo -n a; echo b",
  "echo -e 'a\\tb\\nc\\\\d'",
  "echo -ne 'x\\ny'; echo",
  "echo -e 'stop\\cnot printed'; echo",
  "echo -E 'a\\nb'",
  "echo -x -- -n",
  "echo 'single $HOME \\' \"double $HOME\" \\$HOME",
  "echo a\\ b\\\\c \\\"q\\\"",
  "echo \"a\\\"b\\\\c\\$d\\`e\\xf\" 'c'\\''d'",
  "echo $'a\\tb\\x41\\101'",
  "echo a # a comment",
  "echo \"#not a comment\" a#b",
  "echo ~ ~/x \"~\" a~",
  // variables and expansions
  "x=\"a  b   c\"; echo $x; echo \"$x\"",
  "x='  lead and trail  '; printf '[%s]' $x; echo",
  "IFS=:; x=a:b::c:; for i in $x; do echo \"[$i]\"; done",
  "e=; echo ${u:-d1} ${u-d2} ${e:-d3} [${e-d4}]",
  "echo ${x:=assigned}; echo $x",
  "x=1; echo [${x:+alt}] [${u:+alt}]",
  "f=path/to/file.tar.gz; echo ${f##*/} ${f%%.*} ${f%.*} ${f#*/} ${#f}",
  "echo \"${u:-\"quoted default\"}\" ${u:-'single  spaced'}",
  "echo \"$(echo a; echo)\" end",
  "echo $(printf 'a\\n\\nb\\n\\n')x",
  "echo `echo back quoted` $(echo $(echo nested))",
  "a=$(false); echo $?",
  "echo $((2**10)) $((7/2)) $((-7%3)) $((1<<4)) $((3>2&&1)) $((5?6:7)) $((0x10+010))",
  "x=5; echo $((x*2)) $((x+=1)) $x $((x++)) $x",
  "i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i",
  "unset HOME; echo \"[$HOME]\"",
  "export A=1 B; echo $A; B=2; echo $B",
  "x='a b'; export y=$x; echo \"$y\"",
  "x=1; x=2 true; echo $x",
  "x=5; x+=1; y+=z; echo $x $y",
  "x=1; { x=2; }; echo $x; (x=3); echo $x",
  "x=1; echo a | x=4; echo $x",
  "x='*'; echo \"$x\" $x",
  // positional parameters
  "set -- a 'b c' d; echo $#; for x in \"$@\"; do echo \"<$x>\"; done",
  "set -- a 'b c'; for x in $@; do echo \"<$x>\"; done; echo \"$*\"",
  "set -- 1 2 3; shift; echo $1 $#; shift 5; echo $?",
  "f() { echo \"$# $1 $2\"; }; f one 'two words'",
  "f() { local v=inner; echo $v $1; }; v=outer; f arg; echo $v",
  "f() { return 3; }; f; echo $?",
  "f() { g() { echo in g; }; }; f; g",
  // status, &&, ||, !, exit
  "false; echo $?",
  "true && false || echo fallback",
  "false && echo no; echo $?",
  "! true; echo $?; ! false; echo $?",
  "false | true; echo $?; true | false; echo $?",
  "echo a; exit 3; echo b",
  "(exit 4); echo $?",
  "exit 300",
  "exit -1",
  "echo a | exit 3; echo $?",
  "set -o pipefail; false | true; echo $?",
  // control flow
  "if false; then echo a; elif true; then echo b; else echo c; fi",
  "if false; then echo a; fi; echo $?",
  "while false; do :; done; echo $?",
  "for i in 1 2 3; do if [ $i = 2 ]; then continue; fi; echo $i; done",
  "for i in 1 2; do for j in a b; do [ $j = b ] && break 2; echo $i$j; done; done",
  "case foo.txt in *.txt) echo txt;; *) echo other;; esac",
  "case x in [abc]) echo 1;; [!abc]) echo 2;; esac",
  "case 'a*' in 'a*') echo literal;; a*) echo glob;; esac",
  "case b in a|b|c) echo abc;; esac; case z in a) echo no;; esac; echo $?",
  "until [ \"$x\" = aaa ]; do x=a$x; done; echo $x",
  // test / [
  "[ a = a ]; echo $?; [ a != a ]; echo $?",
  "test 1 -eq 01; echo $?; test 2 -gt 10; echo $?; test -5 -lt 3; echo $?",
  "[ -z '' ]; echo $?; [ -n '' ]; echo $?; [ ! -z x ]; echo $?",
  "[ a = b -o c = c ]; echo $?; [ a = a -a b = c ]; echo $?",
  "test x; echo $?; test; echo $?; test ''; echo $?",
  "[ abc \\< abd ]; echo $?",
  "[ 1 -eq x ]; echo $?",
  "[ \\( a = a \\) ]; echo $?",
  // printf, read, eval, here-docs
  "printf '%5s|%-5s|%x|%o|%c|%X\\n' ab cd 255 8 xyz 255",
  "printf '%s\\n' a b c",
  "printf '%d%% %03d %+d %.2f\\n' 50 7 5 3.14159",
  "printf 'no newline'",
  "read -r a b <<< 'x y z'; echo \"$a|$b\"",
  "read a <<EOF\nhello there\nEOF\necho \"$a\"",
  "while read -r line; do echo \"<$line>\"; done <<'EOF'\none $x\n  two\nEOF",
  "x=v; cat=unused; read y <<EOF\n$x \\$x\nEOF\necho \"$y\"",
  "eval 'echo a; echo b'; eval x=1; echo $x",
  "{ echo a; echo b; } | { read x; echo \"got $x\"; }",
  "echo err >&2; echo out",
  "{ echo to-stderr >&2; } 2>&1",
  "echo hidden >&2 2>/dev/null; echo shown",
  // set -e and set -u
  "set -e; true; false; echo no",
  "set -e; false || true; echo yes",
  "set -e; if false; then :; fi; echo ok",
  "set -e; ! true; echo survives",
  "set -u; echo ${unset_var:-ok}",
  "set -u; echo $unset_var; echo after",
  "echo ${u:?custom message}; echo after",
  // cd/pwd
  "cd /; pwd; cd /tmp/..; pwd; cd -",
];

const ERROR_LINES = [
  "[ 1 -eq x ]",
  "test a b",
  "echo ${u:?custom message}",
  "set -u; echo $unset_var",
  "exit abc",
  "echo $((1/0))",
  "shift x",
  "f=1; unset -v 'a b'",
];

async function ours(line: string): Promise<{ stdout: Buffer; stderr: string; status: number }> {
  const stdout = new BytesSink();
  const stderr = new MemorySink();
  const host = new FakeHost();
  host.files.set("/dev/null", ""); // the fake FS has no devices; a writable path is enough here
  const status = await runShell(line, { env: { ...ENV }, host, io: { stdin: memorySource(""), stdout, stderr }, cwd: dir });
  return { stdout: stdout.bytes(), stderr: stderr.text, status };
}

function bash(line: string): { stdout: Buffer; stderr: string; status: number } {
  const r = spawnSync(BASH, ["-c", line], { cwd: dir, env: ENV, input: "" });
  return { stdout: r.stdout, stderr: r.stderr.toString("utf8"), status: r.status ?? -1 };
}

/** Messages differ only in their prefix: `bash: line 1: ` there, `sh: ` here. */
function withoutPrefix(stderr: string): string {
  return stderr.replace(/^(\S*bash: (line \d+: )?|sh: )/gm, "");
}

describe("runShell agrees with bash -c", () => {
  it.each(LINES)("%s", async (line) => {
    const expected = bash(line);
    const actual = await ours(line);
    expect(actual.stdout.toString("latin1")).toBe(expected.stdout.toString("latin1"));
    expect(actual.status).toBe(expected.status);
  });
});

describe("runShell's error messages match bash's after the prefix", () => {
  it.each(ERROR_LINES)("%s", async (line) => {
    const expected = bash(line);
    const actual = await ours(line);
    expect(withoutPrefix(actual.stderr)).toBe(withoutPrefix(expected.stderr));
    expect(actual.status).toBe(expected.status);
  });
});
