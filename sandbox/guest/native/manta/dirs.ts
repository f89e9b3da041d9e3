// mmkdir and mrm.
import { has, UsageError, type Parsed } from "../args.ts";
import { mkdir, mkdirs } from "./objects.ts";
import type { Tool, ToolRun } from "../tool.ts";

export const mmkdir: Tool = {
  usage: "[-p] PATH...",
  help: "Make directories, as the job's owner.\n  -p, --parents  make missing parents too (no error if PATH exists)\n",
  spec: { flags: "p", long: { parents: "p" } },
  async run(t: ToolRun, p: Parsed) {
    if (p.operands.length === 0) throw new UsageError("a PATH is required");
    for (const arg of p.operands) {
      const path = t.client.resolve(arg);
      if (has(p, "p")) await mkdirs(t, path);
      else await mkdir(t, path);
    }
    return 0;
  },
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
  async run(t: ToolRun, p: Parsed) {
    if (p.operands.length === 0) throw new UsageError("a PATH is required");
    for (const arg of p.operands) {
      const path = t.client.resolve(arg);
      if (has(p, "r") && (await t.client.isDirectory(path))) await removeTree(t, path);
      else await t.client.request("DELETE", path);
    }
    return 0;
  },
};
