// What an unknown command answers: bash's line, then the programs that do exist.
import { describe, expect, it } from "vitest";
import { commandNotFound } from "../../sandbox/guest/shell-host.ts";
import type { ProgramTable } from "../../sandbox/protocol.ts";

describe("commandNotFound", () => {
  const module = {} as WebAssembly.Module;
  it("names the command as bash does, then lists the toolbox and the task's assets, sorted", () => {
    const table = { wc: module, cat: module, "/assets/jo/stor/bin/prog.wasm": module } as unknown as ProgramTable;
    expect(commandNotFound(table, "python")).toBe(
      "sh: python: command not found\n" +
        "sh: available programs: cat wc\n" +
        "sh: and the task's assets: /assets/jo/stor/bin/prog.wasm\n",
    );
  });

  it("says only the first line when there is nothing to list", () => {
    expect(commandNotFound({} as ProgramTable, "ls")).toBe("sh: ls: command not found\n");
  });
});
