// mmkdir and mrm.
import { has, type Parsed } from "../args.ts";
import { eachPath } from "./client.ts";
import { mkdir, mkdirs } from "./objects.ts";
import type { Tool, ToolRun } from "../tool.ts";

export const mmkdir: Tool = {
  usage: "[-p] PATH...",
  help: "Make directories, as the job's owner.\n  -p, --parents  make missing parents too (no error if PATH exists)\n",
  spec: { flags: "p", long: { parents: "p" } },
  run: (t: ToolRun, p: Parsed) => eachPath(t, p.operands, (path) => (has(p, "p") ? mkdirs(t, path) : mkdir(t, path))),
};

/** Deletes what is below `dir`, deepest first, then `dir`. */
async function removeTree(t: ToolRun, dir: string): Promise<void> {
  for (;;) {
    const batch: Array<{ path: string; dir: boolean }> = [];
    for await (const e of t.client.list(dir)) batch.push({ path: `${dir}/${e.name}`, dir: e.type === "directory" });
    if (batch.length === 0) break;
    for (const e of batch) {
      if (e.dir) await removeTree(t, e.path);
      else await t.client.request("DELETE", e.path);
    }
  }
  await t.client.request("DELETE", dir);
}

export const mrm: Tool = {
  usage: "[-r] PATH...",
  help: "Remove objects and (empty, or with -r any) directories, as the job's owner.\n  -r, --recursive  remove directories and everything below them\n",
  spec: { flags: "r", long: { recursive: "r" } },
  run: (t: ToolRun, p: Parsed) =>
    eachPath(t, p.operands, async (path) => {
      if (has(p, "r") && (await t.client.isDirectory(path))) await removeTree(t, path);
      else await t.client.request("DELETE", path);
    }),
};
