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
 * stdin in blocks of whole records (up to the last `sep` read so far; the rest at the end),
 * so xargs runs each command as soon as its items are in, as GNU's does, and holds only the
 * records not yet run, under the task's memory budget like a program's own memory.
 */
async function* recordBlocks(t: ToolRun, holder: MemoryHolder & { input: number }, sep: string): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = "";
  for (;;) {
    const c = await t.ctx.guard(t.io.stdin.read(1024 * 1024));
    pending += c === null ? decoder.decode() : decoder.decode(c, { stream: true });
    holder.input = pending.length;
    if (!t.ctx.memory.allows(holder, holder.bytes())) throw t.ctx.outOfMemory();
    const cut = c === null ? pending.length : pending.lastIndexOf(sep) + 1;
    if (cut > 0) {
      const block = pending.slice(0, cut);
      pending = pending.slice(cut);
      yield block;
    }
    if (c === null) return;
  }
}

function delimiter(raw: string): string {
  const escapes: Record<string, string> = { "\\n": "\n", "\\t": "\t", "\\0": "\0", "\\\\": "\\" };
  const d = escapes[raw] ?? raw;
  if (d.length !== 1) throw new UsageError(`invalid delimiter: ${raw}`);
  return d;
}

/** Packs items into command lines: at most -n items and MAX_CHARS bytes each, as GNU does. */
class Batcher {
  private cur: string[] = [];
  private size: number;
  constructor(
    private readonly base: string[],
    private readonly maxArgs: number,
  ) {
    this.size = this.baseSize();
  }
  private baseSize(): number {
    return this.base.reduce((n, a) => n + a.length + 1, 0);
  }
  /**
   * Adds one item; returns the command lines it completed: the one it did not fit into, and
   * its own once it holds -n items (run at once, as GNU does, not when the next item comes).
   */
  add(item: string): string[][] {
    const done: string[][] = [];
    if (this.cur.length && this.size + item.length + 1 > MAX_CHARS) done.push(this.flush()!);
    this.cur.push(item);
    this.size += item.length + 1;
    if (this.cur.length >= this.maxArgs) done.push(this.flush()!);
    return done;
  }
  flush(): string[] | null {
    if (!this.cur.length) return null;
    const line = [...this.base, ...this.cur];
    this.cur = [];
    this.size = this.baseSize();
    return line;
  }
}

/** -L N: each command takes N non-blank input lines (a line ending in a blank continues). */
class LineGroups {
  private cur: string[] = [];
  private taken = 0;
  constructor(private readonly n: number) {}
  /** Whole lines in; the groups they completed out. */
  push(lines: string[]): string[][] {
    const groups: string[][] = [];
    for (const line of lines) {
      const { items } = splitItems(line);
      if (items.length === 0) continue;
      this.cur.push(...items);
      if (/[ \t]$/.test(line)) continue;
      if (++this.taken === this.n) {
        groups.push(this.cur);
        this.cur = [];
        this.taken = 0;
      }
    }
    return groups;
  }
  end(): string[][] {
    return this.cur.length ? [this.cur] : [];
  }
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
      return await runXargs(t, p, holder);
    } finally {
      t.ctx.memory.leave(holder);
    }
  },
};

/** Why xargs stops running commands: a status GNU returns at once. */
class Stop {
  constructor(readonly status: number) {}
}

async function runXargs(t: ToolRun, p: Parsed, holder: MemoryHolder & { input: number }): Promise<number> {
  const base = p.operands.length ? p.operands : ["echo"];
  const repl = last(p, "I");
  const maxArgs = count(p, "n", "-n") ?? Infinity;
  if (repl === undefined && maxArgs === 0) throw new UsageError("value 0 for -n option should be >= 1");
  const maxLines = count(p, "L", "-L");
  const sep = has(p, "0") ? "\0" : last(p, "d") !== undefined ? delimiter(last(p, "d")!) : null;
  const batcher = new Batcher(base, maxArgs);
  const lineGroups = sep === null && repl === undefined && maxLines !== undefined ? new LineGroups(maxLines) : null;
  let status = 0;
  let ran = 0;
  let sawItem = false;

  const execute = async (argv: string[] | null) => {
    if (!argv) return;
    ran++;
    if (has(p, "t")) await t.err(`${argv.join(" ")}\n`);
    const code = await t.files.run(argv, t.env, { stdin: EMPTY, stdout: t.io.stdout, stderr: t.io.stderr }, t.cwd);
    if (code === 255) {
      await t.err(`xargs: ${argv[0]}: exited with status 255; aborting\n`);
      throw new Stop(124);
    }
    if (code === 126 || code === 127) throw new Stop(code);
    if (code !== 0) status = 123;
  };
  const items = async (list: string[]) => {
    for (const item of list) {
      sawItem = true;
      if (repl !== undefined) await execute(base.map((a) => a.split(repl).join(item)));
      else for (const line of batcher.add(item)) await execute(line);
    }
  };
  const groups = async (list: string[][]) => {
    for (const g of list) {
      await items(g);
      await execute(batcher.flush());
    }
  };

  try {
    for await (const block of recordBlocks(t, holder, sep ?? "\n")) {
      if (sep !== null) {
        const list = block.split(sep);
        if (list.at(-1) === "") list.pop();
        await items(list);
      } else if (repl !== undefined) {
        await items(block.split("\n").map((l) => l.replace(/^[ \t]+/, "")).filter((l) => l !== ""));
      } else if (lineGroups) {
        await groups(lineGroups.push(block.split("\n")));
      } else {
        const split = splitItems(block);
        await items(split.items);
        if (split.error) {
          // GNU runs what it read before an unmatched quote, then exits 1
          await t.err(`xargs: ${split.error}\n`);
          await execute(batcher.flush());
          return 1;
        }
      }
    }
    if (lineGroups) await groups(lineGroups.end());
    await execute(batcher.flush());
    if (!sawItem && !ran && !has(p, "r")) await execute(base);
    return status;
  } catch (e) {
    if (e instanceof Stop) return e.status;
    throw e;
  }
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
