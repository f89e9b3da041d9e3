// xargs and env with a COMMAND: programs that run other programs. WASI has no exec, so these
// are native: they call the sandbox host's program runner (toolbox, native or asset program),
// which the shell itself uses, with the task's limits applying to every program they start.
import type { ByteSource } from "../../../core/shell/index.ts";
import { count, has, last, UsageError, type Parsed } from "./args.ts";
import type { MemoryHolder } from "../memory-budget.ts";
import type { Tool, ToolRun } from "./tool.ts";

const EMPTY: ByteSource = { read: async () => null };
/** GNU xargs's default command-line limit, in bytes. */
const MAX_CHARS = 128 * 1024;

const unmatched = (quote: string) => `unmatched ${quote === "'" ? "single" : "double"} quote; by default quotes are special to xargs unless you use the -0 option`;

/** Splits xargs input GNU's default way: blanks and newlines separate; quotes and backslash escape. */
export function splitItems(text: string): { items: string[]; error: string | null } {
  const items: string[] = [];
  let cur = "";
  let inItem = false;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === "\n") return { items, error: unmatched(quote) };
      else cur += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inItem = true;
    } else if (c === "\\" && i + 1 < text.length) {
      cur += text[++i];
      inItem = true;
    } else if (c === " " || c === "\t" || c === "\n") {
      if (inItem) items.push(cur);
      cur = "";
      inItem = false;
    } else {
      cur += c;
      inItem = true;
    }
  }
  if (quote) return { items, error: unmatched(quote) };
  if (inItem) items.push(cur);
  return { items, error: null };
}

/** What xargs holds per input byte while it runs: the bytes, their UTF-16 text, the items. */
const HELD_PER_BYTE = 5;

/**
 * All of stdin, held under the task's memory budget like a program's own memory (xargs reads
 * its whole input before running anything, not as GNU's does, a command line at a time).
 */
async function readAll(t: ToolRun, holder: MemoryHolder & { input: number }): Promise<string> {
  const chunks: Uint8Array[] = [];
  for (;;) {
    const c = await t.ctx.guard(t.io.stdin.read(1024 * 1024));
    if (c === null) break;
    holder.input += c.length;
    if (!t.ctx.memory.allows(holder, holder.bytes())) throw t.ctx.outOfMemory();
    chunks.push(c.slice());
  }
  return new TextDecoder().decode(new Uint8Array(await new Blob(chunks).arrayBuffer()));
}

function delimiter(raw: string): string {
  const escapes: Record<string, string> = { "\\n": "\n", "\\t": "\t", "\\0": "\0", "\\\\": "\\" };
  const d = escapes[raw] ?? raw;
  if (d.length !== 1) throw new UsageError(`invalid delimiter: ${raw}`);
  return d;
}

/** The command lines to run: -I replaces in each, -L/-n/size limits batch the rest. */
function batches(p: Parsed, base: string[], items: string[], lines: string[][] | null): string[][] {
  const repl = last(p, "I");
  if (repl !== undefined) return items.map((item) => base.map((a) => a.split(repl).join(item)));
  const maxArgs = count(p, "n", "-n") ?? Infinity;
  if (maxArgs === 0) throw new UsageError("value 0 for -n option should be >= 1");
  const groups = lines ?? [items];
  const out: string[][] = [];
  for (const group of groups) {
    let cur: string[] = [];
    let size = base.reduce((n, a) => n + a.length + 1, 0);
    for (const item of group) {
      if (cur.length && (cur.length >= maxArgs || size + item.length + 1 > MAX_CHARS)) {
        out.push([...base, ...cur]);
        cur = [];
        size = base.reduce((n, a) => n + a.length + 1, 0);
      }
      cur.push(item);
      size += item.length + 1;
    }
    if (cur.length) out.push([...base, ...cur]);
  }
  return out;
}

/** -L N: each command takes N non-blank input lines (a line ending in a blank continues). */
function byLines(text: string, n: number): string[][] {
  const groups: string[][] = [];
  let cur: string[] = [];
  let taken = 0;
  for (const line of text.split("\n")) {
    const { items } = splitItems(line);
    if (items.length === 0) continue;
    cur.push(...items);
    if (/[ \t]$/.test(line)) continue;
    if (++taken === n) {
      groups.push(cur);
      cur = [];
      taken = 0;
    }
  }
  if (cur.length) groups.push(cur);
  return groups;
}

export const xargs: Tool = {
  usage: "[-0rt] [-d DELIM] [-n MAX-ARGS] [-L MAX-LINES] [-I REPLACE] [COMMAND [INITIAL-ARGS]...]",
  help:
    "Run COMMAND (default echo) with arguments read from stdin.\n  -0, --null          items end with NUL, no quote processing\n" +
    "  -d, --delimiter D   items end with D (no quote processing)\n  -n, --max-args N    at most N items per command\n" +
    "  -L, --max-lines N   N non-blank input lines per command\n  -I R                replace R in INITIAL-ARGS by each input line\n" +
    "  -r, --no-run-if-empty  do not run COMMAND when there is no input\n  -t, --verbose       print each command on stderr first\n" +
    "  -P N                accepted; commands run one at a time\n",
  spec: { flags: "0rtx", values: "dnLIPs", long: { null: "0", delimiter: "d", "max-args": "n", "max-lines": "L", "no-run-if-empty": "r", verbose: "t", "max-procs": "P", "max-chars": "s", exit: "x", "replace": "I" }, commandAfter: true },
  async run(t: ToolRun, p: Parsed) {
    const holder = { input: 0, bytes: () => holder.input * HELD_PER_BYTE };
    t.ctx.memory.join(holder);
    try {
      return await runXargs(t, p, await readAll(t, holder));
    } finally {
      t.ctx.memory.leave(holder);
    }
  },
};

async function runXargs(t: ToolRun, p: Parsed, text: string): Promise<number> {
  const base = p.operands.length ? p.operands : ["echo"];
  let items: string[];
  let lines: string[][] | null = null;
  let broken = false; // GNU runs what it read before an unmatched quote, then exits 1
  const sep = has(p, "0") ? "\0" : last(p, "d") !== undefined ? delimiter(last(p, "d")!) : null;
  if (sep !== null) {
    items = text.split(sep);
    if (items.at(-1) === "") items.pop();
  } else if (last(p, "I") !== undefined) {
    items = text.split("\n").map((l) => l.replace(/^[ \t]+/, "")).filter((l) => l !== "");
  } else {
    const split = splitItems(text);
    if (split.error) {
      await t.err(`xargs: ${split.error}\n`);
      if (split.items.length === 0) return 1;
      broken = true;
    }
    items = split.items;
    const maxLines = count(p, "L", "-L");
    if (maxLines !== undefined) lines = byLines(text, maxLines);
  }
  if (items.length === 0 && has(p, "r")) return 0;
  const commands = items.length === 0 ? [base] : batches(p, base, items, lines);
  let status = 0;
  for (const argv of commands) {
    if (has(p, "t")) await t.err(`${argv.join(" ")}\n`);
    const code = await t.files.run(argv, t.env, { stdin: EMPTY, stdout: t.io.stdout, stderr: t.io.stderr }, t.cwd);
    if (code === 255) {
      await t.err(`xargs: ${argv[0]}: exited with status 255; aborting\n`);
      return 124;
    }
    if (code === 126 || code === 127) return code;
    if (code !== 0) status = 123;
  }
  return broken ? 1 : status;
}

export const env: Tool = {
  usage: "[-i] [-u NAME]... [NAME=VALUE]... [COMMAND [ARG]...]",
  help: "Run COMMAND in a modified environment, or print the environment.\n  -i, --ignore-environment  start with an empty environment\n  -u, --unset NAME          remove NAME\n  -0, --null                end each printed line with NUL\n",
  spec: { flags: "i0", values: "u", long: { "ignore-environment": "i", unset: "u", null: "0" }, commandAfter: true },
  async run(t: ToolRun, p: Parsed) {
    let i = 0;
    while (i < p.operands.length && /^[^=]+=/.test(p.operands[i]!)) i++;
    const command = p.operands.slice(i);
    if (command.length === 0) return t.files.runWasm(t.argv, t.env, t.io, t.cwd); // printing: the C env
    const next: Record<string, string> = has(p, "i") ? {} : { ...t.env };
    for (const name of p.opts.get("u") ?? []) delete next[name];
    for (const a of p.operands.slice(0, i)) next[a.slice(0, a.indexOf("="))] = a.slice(a.indexOf("=") + 1);
    return t.files.run(command, next, t.io, t.cwd);
  },
};
