// mls and mfind: what a directory holds, as node-manta prints it.
import { has, last, count, UsageError, type Parsed } from "../args.ts";
import { isDirectoryAnswer, type ListEntry } from "./client.ts";
import type { Tool, ToolRun } from "../tool.ts";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `ls -l` dates: time of day within six months, the year otherwise. */
function lsDate(mtime: string, now: number): string {
  const d = new Date(mtime);
  const day = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")}`;
  if (Math.abs(now - d.getTime()) < 182 * 86400_000) {
    return `${day} ${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
  }
  return `${day}  ${d.getUTCFullYear()}`;
}

function typeFilter(p: Parsed): ((e: ListEntry) => boolean) | null {
  const t = last(p, "type");
  if (t === undefined) return null;
  if (t === "d" || t === "directory") return (e) => e.type === "directory";
  if (t === "o" || t === "object") return (e) => e.type === "object";
  throw new UsageError(`--type must be d or o: ${t}`);
}

export const mls: Tool = {
  usage: "[-l] [-j] [--type d|o] [PATH...]",
  help: "List a directory (default ~~/stor), or show an object, as the job's owner.\n  -l  long listing\n  -j  one JSON entry per line, as the API returns them\n  --type d|o  only directories or only objects\n",
  spec: { flags: "lj", long: { long: "l", json: "j", type: "type" } },
  async run(t: ToolRun, p: Parsed) {
    const paths = p.operands.length ? p.operands : ["~~/stor"];
    const keep = typeFilter(p);
    const now = Date.now();
    const line = (e: ListEntry) => {
      if (has(p, "j")) return `${JSON.stringify(e)}\n`;
      const name = e.type === "directory" ? `${e.name}/` : e.name;
      if (!has(p, "l")) return `${name}\n`;
      const mode = e.type === "directory" ? "drwxr-xr-x" : "-rwxr-xr-x";
      return `${mode} 1 ${t.client.user} ${String(e.size ?? 0).padStart(13)} ${lsDate(e.mtime, now)} ${name}\n`;
    };
    for (const arg of paths) {
      const path = t.client.resolve(arg);
      const info = await t.client.info(path);
      if (!isDirectoryAnswer(info)) {
        const size = Number(info.headers["content-length"] ?? 0);
        const mtime = new Date(info.headers["last-modified"] ?? Date.now()).toISOString();
        const e: ListEntry = { name: path.slice(path.lastIndexOf("/") + 1), type: "object", mtime, size };
        if (!keep || keep(e)) await t.out(line(e));
        continue;
      }
      for await (const e of t.client.list(path)) if (!keep || keep(e)) await t.out(line(e));
    }
    return 0;
  },
};

export const mfind: Tool = {
  usage: "[-n REGEX] [-t d|o] [--maxdepth N] [--mindepth N] [-s SIZE] PATH...",
  help: "Walk directories depth first, printing each entry's full path.\n  -n, --name REGEX  names matching REGEX (JavaScript syntax)\n  -t, --type d|o    only directories or only objects\n  --maxdepth N, --mindepth N  depth below PATH (its entries are depth 1)\n  -s, --size N      objects of at least N bytes\n",
  spec: { values: "nts", long: { name: "n", type: "t", size: "s", maxdepth: "maxdepth", mindepth: "mindepth" } },
  async run(t: ToolRun, p: Parsed) {
    if (p.operands.length === 0) throw new UsageError("a PATH is required");
    let name: RegExp | null = null;
    try {
      name = last(p, "n") === undefined ? null : new RegExp(last(p, "n")!);
    } catch {
      throw new UsageError(`invalid --name regular expression: ${last(p, "n")}`);
    }
    const type = last(p, "t");
    if (type !== undefined && type !== "d" && type !== "o") throw new UsageError(`--type must be d or o: ${type}`);
    const maxDepth = count(p, "maxdepth", "--maxdepth") ?? Infinity;
    const minDepth = count(p, "mindepth", "--mindepth") ?? 0;
    const minSize = count(p, "s", "--size") ?? 0;
    const wanted = (e: ListEntry, depth: number) =>
      depth >= minDepth &&
      (name === null || name.test(e.name)) &&
      (type === undefined || (type === "d") === (e.type === "directory")) &&
      (minSize === 0 || (e.type === "object" && (e.size ?? 0) >= minSize));
    const walk = async (dir: string, depth: number): Promise<void> => {
      for await (const e of t.client.list(dir)) {
        const path = `${dir}/${e.name}`;
        if (wanted(e, depth)) await t.out(`${path}\n`);
        if (e.type === "directory" && depth < maxDepth) await walk(path, depth + 1);
      }
    };
    for (const arg of p.operands) {
      const root = t.client.resolve(arg);
      if (await t.client.isDirectory(root)) {
        if (maxDepth >= 1) await walk(root, 1);
      } else if (minDepth === 0) await t.out(`${root}\n`);
    }
    return 0;
  },
};
