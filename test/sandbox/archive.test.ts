/**
 * The archive readers on malformed input: every defect is an ArchiveError with a reason,
 * never a crash or a member that reads past the archive.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { ArchiveError, archiveMount, memberNames, readArchive } from "../../sandbox/archive/index.ts";

// Archives of our own (the workers tests' setup writes programs/dist concurrently).
let dist: string;
beforeAll(() => {
  dist = mkdtempSync(join(tmpdir(), "mobula-archives-"));
  writeFileSync(join(dist, "hello.wasm"), Buffer.from("0061736d01000000", "hex"));
  execFileSync(process.env.PYTHON ?? "python3", [fileURLToPath(new URL("./programs/archives.py", import.meta.url)), dist]);
});
const bytes = (name: string) => new Uint8Array(readFileSync(join(dist, name)));

describe("archive readers", () => {
  it("mount an archive at its path without the extension", () => {
    expect(archiveMount("/assets/a/py.tar.gz")).toBe("/assets/a/py");
    expect(archiveMount("/assets/a/py.TGZ")).toBe("/assets/a/py");
    expect(archiveMount("/assets/a/py.zip")).toBe("/assets/a/py");
    expect(archiveMount("/assets/a/py.wasm")).toBeNull();
  });

  it("keep member names inside the mount", () => {
    expect(memberNames("./a//b/")).toEqual(["a", "b"]);
    expect(memberNames("/etc/passwd")).toEqual(["etc", "passwd"]);
    expect(memberNames("a/../../b")).toBeNull();
    expect(memberNames("./")).toBeNull();
  });

  it("refuse a tar whose member runs past its end, or whose header is damaged", async () => {
    const tar = bytes("tool.tar");
    await expect(readArchive("t.tar", tar.subarray(0, 2048))).rejects.toThrow(/runs past the end/);
    const damaged = tar.slice();
    damaged[10] = 0x41;
    await expect(readArchive("t.tar", damaged)).rejects.toThrow(/checksum/);
  });

  it("refuse a truncated zip and a broken gzip", async () => {
    const zip = bytes("tool.zip");
    await expect(readArchive("t.zip", zip.subarray(0, zip.length - 30))).rejects.toThrow(ArchiveError);
    await expect(readArchive("t.tgz", bytes("tool.tgz").subarray(0, 100))).rejects.toThrow(ArchiveError);
    await expect(readArchive("t.tar", new TextEncoder().encode("x".repeat(600)))).rejects.toThrow(/neither a tar nor a zip/);
  });

  it("list what the writers wrote, sizes included", async () => {
    const zip = await readArchive("t.zip", bytes("tool.zip"));
    expect(zip.map((m) => [m.path, m.kind, m.size])).toEqual([
      ["share/", "dir", 0],
      ["bin/hello.wasm", "file", expect.any(Number)],
      ["share/words.txt", "file", 17 * 50],
      [expect.stringMatching(/module\.txt$/), "file", 5 * 50],
    ]);
    expect(new TextDecoder().decode(await zip[2]!.data!()).slice(0, 11)).toBe("alpha\nbeta\n");
  });
});
