// Shell lines run by bash with GNU xargs and env, for the sandbox's native xargs and env to be
// compared against (test/sandbox/run-command.workers.test.ts). The Workers tests cannot spawn
// processes, so the global setup runs these in Node and writes what GNU printed to
// dist/gnu-cases.json, which the test imports.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const words = Array.from({ length: 40 }, (_, i) => `w${i}`).join(" ");
export const CASES = [
  { exec: "xargs", stdin: "a b  c\nd\te\n" },
  { exec: "xargs echo x", stdin: "1 2 3\n" },
  { exec: "xargs -n 2 echo", stdin: words },
  { exec: "xargs -n 3", stdin: "a 'b c' \"d e\" f\\ g h\n" },
  { exec: "xargs -L 2 echo", stdin: "a b\nc\nd e \nf\ng\n" },
  { exec: "xargs -I {} echo [{}] {}", stdin: "  one\ntwo two\n\nthree\n" },
  { exec: "xargs -0 -n 1 echo", stdin: "a b\0c\nd\0" },
  { exec: "xargs -d , -n 2 echo", stdin: "x,y,z,w" },
  { exec: "xargs echo none", stdin: "" },
  { exec: "xargs -r echo none", stdin: "" },
  { exec: "xargs -t -n 2 echo 2>&1", stdin: "a b c\n" },
  { exec: "xargs wc -l; echo status $?", stdin: "/tmp/f1 /tmp/missing\n" },
  { exec: "xargs cat; echo status $?", stdin: "/tmp/f1 /tmp/f2\n" },
  { exec: "cd /tmp; xargs head -n 1", stdin: "f1 f2\n" },
  { exec: "xargs false; echo status $?", stdin: "a\n" },
  { exec: "xargs echo; echo status $?", stdin: "a 'b\n" },
  { exec: "env -i A=1 B=2 env", stdin: "" },
  { exec: "env -i A=1 B=2 env -u A env", stdin: "" },
  { exec: "env -i FOO=bar awk 'BEGIN { print ENVIRON[\"FOO\"] }'", stdin: "" },
  { exec: "env -i seq 3", stdin: "" },
];

/** Files every case can read, made by the same line on both sides. */
export const SETUP = "printf 'l1\\nl2\\n' > /tmp/f1; printf 'x\\n' > /tmp/f2; ";

/** Writes the GNU results (stdout, exit status) beside the test programs; /tmp/ is a temp dir there. */
export function recordGnu(dist) {
  mkdirSync(dist, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), "mobula-gnu-"));
  const results = CASES.map((c) => {
    const line = (SETUP + c.exec).replaceAll("/tmp/", `${dir}/`).replaceAll("cd /tmp", `cd ${dir}`);
    const r = spawnSync("bash", ["-c", line], { input: c.stdin.replaceAll("/tmp/", `${dir}/`), encoding: "utf8", env: { PATH: process.env.PATH, LC_ALL: "C" } });
    return { ...c, setup: SETUP, stdout: r.stdout.replaceAll(`${dir}/`, "/tmp/"), status: r.status };
  });
  rmSync(dir, { recursive: true, force: true });
  writeFileSync(join(dist, "gnu-cases.json"), JSON.stringify(results, null, 1));
}
