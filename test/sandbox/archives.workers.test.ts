/**
 * Asset archives (.tar, .tar.gz/.tgz, .zip) mount as read-only trees under /assets, at the
 * archive's path without its extension; wasm programs inside them run by path and by name.
 * The archives are made by real tar and zip writers (programs/archives.py).
 */
import { describe, expect, it } from "vitest";
import evil from "./programs/dist/evil.tar";
import notReally from "./programs/dist/not-really.zip";
import toolPax from "./programs/dist/tool-pax.tar";
import tool from "./programs/dist/tool.tar";
import toolTgz from "./programs/dist/tool.tgz";
import toolZip from "./programs/dist/tool.zip";
import { run } from "./helpers.ts";

const DEEP = "lib/very-long-directory-name-00/very-long-directory-name-01/very-long-directory-name-02/very-long-directory-name-03/very-long-directory-name-04/very-long-directory-name-05/module.txt";

describe("asset archives", () => {
  for (const [name, bytes] of [["tool.tar", tool], ["tool-pax.tar", toolPax], ["tool.tgz", toolTgz]] as const) {
    it(`${name} mounts as a tree, with long names, and its program runs by path and by name`, async () => {
      const mount = `/assets/jo/stor/${name.replace(/\.(tar|tgz)$/, "")}`;
      const r = await run(`find ${mount} -type f; cat ${mount}/share/words.txt ${mount}/${DEEP}; ${mount}/bin/hello.wasm a; hello b; ls /assets/jo/stor`, {
        assets: { [`jo/stor/${name}`]: bytes },
      });
      expect(r.stderr).toBe("");
      expect(r.stdout).toBe(
        `${mount}/bin/hello.wasm\n${mount}/${DEEP}\n${mount}/share/words.txt\n` +
          "alpha\nbeta\ngamma\ndeep\nhello a\nwho=(unset)\nhello b\nwho=(unset)\n" +
          `${name.replace(/\.(tar|tgz)$/, "")}\n${name}\n`,
      );
    });
  }

  it("a zip mounts with stored and deflated members, inflated on read", async () => {
    const r = await run("wc -l /assets/jo/stor/tool/share/words.txt; head -c 11 /assets/jo/stor/tool/share/words.txt; /assets/jo/stor/tool/bin/hello.wasm z", {
      assets: { "jo/stor/tool.zip": toolZip },
    });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("150 /assets/jo/stor/tool/share/words.txt\nalpha\nbeta\nhello z\nwho=(unset)\n");
  });

  it("is read-only", async () => {
    const r = await run("echo x > /assets/jo/stor/tool/share/new.txt; echo $?", { assets: { "jo/stor/tool.tar": tool } });
    expect(r.stdout).toBe("1\n");
    expect(r.stderr).toMatch(/Read-only file system/);
  });

  it("mounts no member that climbs out or is a link; absolute names stay inside", async () => {
    const r = await run("find /assets -type f -o -type l", { assets: { "jo/stor/evil.tar": evil } });
    expect(r.stdout).toBe("/assets/jo/stor/evil/abs.txt\n/assets/jo/stor/evil/ok.txt\n/assets/jo/stor/evil.tar\n");
  });

  it("leaves data that is not an archive as a plain file", async () => {
    const r = await run("ls /assets/jo/stor; cat /assets/jo/stor/not-really.zip", { assets: { "jo/stor/not-really.zip": notReally } });
    expect(r.stdout).toBe("not-really.zip\njust some data named .zip\n");
  });
});
