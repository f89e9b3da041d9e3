// The toolbox's file tools inside the real sandbox: split writes pieces into /tmp, ls, find
// and stat see them (through the sandbox's fd_readdir and filestat) and the read-only input mount.
import { describe, expect, it } from "vitest";
import { run } from "./helpers.ts";

const text = "alpha\nbeta\ngamma\n";
const bytes = new TextEncoder().encode(text);
const input = { path: "/jo/stor/logs/a.txt", size: bytes.length, read: async (o: number, n: number) => bytes.slice(o, o + n) };

describe("file tools in the sandbox", () => {
  it("split into /tmp, then ls, find and stat over /tmp and the input mount", async () => {
    const r = await run(
      // Programs start in / whatever the shell's cwd (the sandbox does not pass `cd` on), so paths are absolute.
      'split -l 1 "$MANTA_INPUT_FILE" /tmp/part. && ls /tmp && ls -p /manta/jo/stor && find /tmp -name "part.a[bc]" -type f' +
        ' && stat -c "%n %s %F" /tmp/part.ab "$MANTA_INPUT_FILE" && cat /tmp/part.ac && find /manta -type f -size -2k',
      { input },
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      "part.aa\npart.ab\npart.ac\n" +
        "logs/\n" +
        "/tmp/part.ab\n/tmp/part.ac\n" +
        "/tmp/part.ab 5 regular file\n/manta/jo/stor/logs/a.txt 17 regular file\n" +
        "gamma\n" +
        "/manta/jo/stor/logs/a.txt\n",
    );
    expect(r.result.exitCode).toBe(0);
  });
});
