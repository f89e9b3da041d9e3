// mget, mput, minfo, mln: one object at a time, streamed (never held whole).
import { count, has, last, UsageError, type Parsed } from "../args.ts";
import type { Tool, ToolRun } from "../tool.ts";
import { eachPath } from "./client.ts";

const DIRECTORY_TYPE = "application/json; type=directory";

export const mget: Tool = {
  usage: "[-o FILE] [-q] PATH...",
  help: "Write objects to stdout (or FILE in the task's file tree), as the job's owner.\n  -o, --output FILE  write to FILE instead of stdout\n  -q, --quiet        accepted for node-manta compatibility (there is no progress bar)\n",
  spec: { flags: "q", values: "o", long: { output: "o", quiet: "q" } },
  async run(t: ToolRun, p: Parsed) {
    const file = last(p, "o");
    const sink = file === undefined ? t.io.stdout : await t.files.openWrite(file, t.cwd, false);
    try {
      return await eachPath(t, p.operands, async (path) => t.client.pipe((await t.client.request("GET", path)).body, sink));
    } finally {
      if (file !== undefined) await sink.close();
    }
  },
};

export const mput: Tool = {
  usage: "[-f FILE] [-p] [-H 'NAME: VALUE']... [-c COPIES] [-q] PATH",
  help: "Create or replace an object from stdin (or FILE), as the job's owner.\n  -f, --file FILE    read FILE from the task's file tree instead of stdin\n  -p, --parents      create missing parent directories\n  -H, --header H     add an HTTP header (e.g. 'content-type: text/plain')\n  -c, --copies N     durability-level (copies kept)\n  -q, --quiet        accepted for node-manta compatibility\n",
  spec: { flags: "pq", values: "fHc", long: { file: "f", parents: "p", header: "H", copies: "c", quiet: "q" } },
  async run(t: ToolRun, p: Parsed) {
    if (p.operands.length !== 1) throw new UsageError("exactly one PATH is required");
    const path = t.client.resolve(p.operands[0]!);
    const headers: Record<string, string> = {};
    for (const h of p.opts.get("H") ?? []) {
      const colon = h.indexOf(":");
      if (colon <= 0) throw new UsageError(`invalid header (want 'NAME: VALUE'): ${h}`);
      headers[h.slice(0, colon).trim().toLowerCase()] = h.slice(colon + 1).trim();
    }
    const copies = count(p, "c", "--copies");
    if (copies !== undefined) headers["durability-level"] = String(copies);
    if (has(p, "p")) await mkdirs(t, parentOf(path));
    const file = last(p, "f");
    const source = file === undefined ? t.io.stdin : await t.files.openRead(file, t.cwd);
    await t.client.request("PUT", path, { headers, body: t.client.stream(source) });
    return 0;
  },
};

export const minfo: Tool = {
  usage: "PATH...",
  help: "Print an object's or directory's HTTP headers (HEAD), as the job's owner.\n",
  spec: {},
  run: (t: ToolRun, p: Parsed) =>
    eachPath(t, p.operands, async (path) => {
      const answer = await t.client.info(path);
      const lines = Object.entries(answer.headers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      await t.out(`HTTP/1.1 ${answer.status} OK\n${lines.map(([k, v]) => `${k}: ${v}\n`).join("")}\n`);
    }),
};

export const mln: Tool = {
  usage: "SOURCE TARGET",
  help: "Make TARGET a snaplink of the object SOURCE (a second name for the same bytes).\n",
  spec: {},
  async run(t: ToolRun, p: Parsed) {
    if (p.operands.length !== 2) throw new UsageError("SOURCE and TARGET are required");
    const [source, target] = p.operands.map((a) => t.client.resolve(a));
    await t.client.request("PUT", target!, { headers: { "content-type": "application/json; type=link", location: source! } });
    return 0;
  },
};

function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf("/"));
}

/** `mkdir -p` below the account's top-level directory (which always exists). */
export async function mkdirs(t: ToolRun, path: string): Promise<void> {
  const parts = path.split("/").filter(Boolean);
  for (let i = 3; i <= parts.length; i++) {
    await t.client.request("PUT", `/${parts.slice(0, i).join("/")}`, { headers: { "content-type": DIRECTORY_TYPE } });
  }
}

export async function mkdir(t: ToolRun, path: string): Promise<void> {
  await t.client.request("PUT", path, { headers: { "content-type": DIRECTORY_TYPE } });
}
