// Path rules of the sandbox's file tree and program lookup, without a Worker.
import { describe, expect, it } from "vitest";
import { findProgram } from "../../sandbox/guest/shell-host.ts";
import { ScratchDisk } from "../../sandbox/guest/scratch.ts";
import { buildFs, FsError, resolve } from "../../sandbox/guest/vfs.ts";
import { ERRNO } from "../../sandbox/guest/wasi/constants.ts";

const errnoOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof FsError ? e.errno : -1;
  }
  return 0;
};

describe("sandbox file tree", () => {
  const fs = buildFs({
    disk: new ScratchDisk(100, null),
    assets: { "jo/stor/a.txt": new Uint8Array([1]).buffer as ArrayBuffer },
    input: { path: "/manta/jo/stor/in.txt", size: 3, read: async () => new Uint8Array(3) },
  });

  it("holds only /tmp, /assets, /manta and /dev", () => {
    expect([...fs.root.entries.keys()].sort()).toEqual(["assets", "dev", "manta", "tmp"]);
    expect(resolve(fs.root, "manta/jo/stor/in.txt").node?.kind).toBe("file");
    expect(resolve(fs.root, "/assets/jo/stor/a.txt").node?.kind).toBe("file");
    expect(errnoOf(() => resolve(fs.root, "etc/passwd"))).toBe(ERRNO.NOENT);
  });

  it("never lets .. climb above the starting directory", () => {
    expect(errnoOf(() => resolve(fs.root, ".."))).toBe(ERRNO.NOTCAPABLE);
    expect(errnoOf(() => resolve(fs.root, "tmp/../../etc/passwd"))).toBe(ERRNO.NOTCAPABLE);
    const tmp = resolve(fs.root, "tmp").node;
    if (tmp?.kind !== "dir") throw new Error("no /tmp");
    expect(errnoOf(() => resolve(tmp, "../assets"))).toBe(ERRNO.NOTCAPABLE);
    expect(resolve(fs.root, "tmp/../assets").node?.kind).toBe("dir");
  });
});

describe("findProgram", () => {
  const wc = "toolbox-wc" as unknown as WebAssembly.Module;
  const mine = "user-prog" as unknown as WebAssembly.Module;
  const table = { wc, "/assets/jo/stor/bin/prog.wasm": mine };

  it("finds toolbox names, /assets paths and user basenames with or without .wasm", () => {
    expect(findProgram(table, "wc", "/")).toBe(wc);
    expect(findProgram(table, "/assets/jo/stor/bin/prog.wasm", "/")).toBe(mine);
    expect(findProgram(table, "bin/prog.wasm", "/assets/jo/stor")).toBe(mine);
    expect(findProgram(table, "prog.wasm", "/")).toBe(mine);
    expect(findProgram(table, "prog", "/")).toBe(mine);
  });

  it("finds nothing elsewhere", () => {
    expect(findProgram(table, "/bin/wc", "/")).toBeUndefined();
    expect(findProgram(table, "cat", "/")).toBeUndefined();
    expect(findProgram(table, "/assets/../assets/jo/stor/bin/other.wasm", "/")).toBeUndefined();
  });
});
