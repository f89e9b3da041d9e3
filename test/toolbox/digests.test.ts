import { describe, expect, it } from "vitest";
import { big, EDGE_INPUTS, longLine, rng, text } from "./corpus.ts";
import { both, sandboxForFile, view } from "./harness.ts";

const sb = sandboxForFile();

const TOOLS = ["md5sum", "sha1sum", "sha256sum"];
const INPUTS: Record<string, string | Buffer> = {
  ...EDGE_INPUTS,
  text: text(11, 300),
  long: longLine(12),
  big: big(13, 1),
  // every length around the 55/56/64-byte padding boundaries
  ...Object.fromEntries([0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128].map((n) => [`len${n}`, "a".repeat(n)])),
  binary: Buffer.from(Array.from({ length: 5000 }, (_, i) => Math.floor(rng(i + 1)() * 256))),
};
const names = Object.keys(INPUTS);
for (const n of names) sb.write(n, INPUTS[n] as string);
sb.write("back\\slash", "odd name\n");
sb.write("new\nline", "odder name\n");

describe.each(TOOLS)("%s", (tool) => {
  it.each(names)("hashes stdin %s like GNU", (name) => {
    const { ours, gnu } = both(sb, tool, [], { stdin: INPUTS[name] });
    expect(view(ours)).toEqual(view(gnu));
  });

  it.each([[[]], [["-b"]], [["--tag"]], [["-z"]], [["--tag", "-z"]]])("hashes files with %j", (opts) => {
    const { ours, gnu } = both(sb, tool, [...opts, ...names, "back\\slash", "new\nline", "missing"]);
    expect(view(ours)).toEqual(view(gnu));
  });

  it("checks its own output and GNU's, including --tag, escapes, failures and bad lines", () => {
    const sums = sb.gnu(tool, [...names, "back\\slash", "new\nline"]).stdout.toString("latin1");
    const tagged = sb.gnu(tool, ["--tag", "text", "long"]).stdout.toString("latin1");
    const lines = sums.split("\n");
    lines[2] = lines[2]!.replace(/^[0-9a-f]/, (c) => (c === "0" ? "1" : "0")); // one mismatch
    sb.write("sums", lines.join("\n") + tagged + "# comment\nnot a line\n" + "0".repeat(64).slice(0, tool === "md5sum" ? 32 : tool === "sha1sum" ? 40 : 64) + "  missing\n");
    for (const opts of [[], ["--quiet"], ["--status"], ["--strict"], ["-w"], ["--ignore-missing"]]) {
      const { ours, gnu } = both(sb, tool, ["-c", ...opts, "sums"]);
      expect({ opts, ...view(ours) }).toEqual({ opts, ...view(gnu) });
    }
  });

  it("checks a list read from stdin, and reports one with no checksum lines", () => {
    const sums = sb.gnu(tool, ["text", "empty"]).stdout;
    for (const stdin of [sums, "junk\n"]) {
      const { ours, gnu } = both(sb, tool, ["-c"], { stdin });
      expect(view(ours)).toEqual(view(gnu));
      expect(ours.stderr).toEqual(gnu.stderr);
    }
  });

  it("answers --help", () => {
    const r = sb.wasm(tool, ["--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toContain(`Usage: ${tool}`);
  });
});
