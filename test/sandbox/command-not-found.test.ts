// What an unknown command answers: bash's line, then the programs that do exist — the
// toolbox's, the native ones (always there) and the task's assets.
import { describe, expect, it } from "vitest";
import { commandNotFound } from "../../sandbox/guest/shell-host.ts";
import { NATIVE_PROGRAMS } from "../../sandbox/guest/native/index.ts";
import type { ProgramTable } from "../../sandbox/protocol.ts";

const NATIVE = "env gunzip gzip json mfind mget minfo mln mls mmkdir mput mrm ruby xargs zcat";

describe("commandNotFound", () => {
  const module = {} as WebAssembly.Module;
  it("names the command as bash does, then lists the toolbox, the native programs and the task's assets, sorted", () => {
    const table = { wc: module, cat: module, "/assets/jo/stor/bin/prog.wasm": module } as unknown as ProgramTable;
    expect(commandNotFound(table, "python")).toBe(
      "sh: python: command not found\n" +
        `sh: available programs: ${["cat", "wc", ...NATIVE.split(" ")].sort().join(" ")}\n` +
        "sh: and the task's assets: /assets/jo/stor/bin/prog.wasm\n",
    );
  });

  it("lists a name that is both a toolbox and a native program once", () => {
    const table = { env: module } as unknown as ProgramTable;
    expect(commandNotFound(table, "ls")).toBe(`sh: ls: command not found\nsh: available programs: ${NATIVE}\n`);
    expect(Object.keys(NATIVE_PROGRAMS).sort().join(" ")).toBe(NATIVE);
  });
});
