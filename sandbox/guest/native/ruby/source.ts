// The user's program, reshaped for evaluation inside the runtime. CRuby runs `-e` code as the
// main program and wraps it for -n/-p after parsing; the runtime we have (ruby.wasm's
// reactor) can only evaluate strings, so the wrapping is textual:
//   - `END { ... }` becomes a call registering the block once per site (END runs its block at
//     process exit, which an evaluated string never reaches: our driver runs them instead);
//   - under -n/-p, top-level `BEGIN { ... }` blocks move before the loop (BEGIN is permitted
//     only at top level, and the loop body is not).
// The scan knows Ruby's strings, comments and braces well enough for one-liners and ordinary
// scripts; a `BEGIN`/`END` inside a regexp literal or heredoc can fool it (docs/toolbox.md).

export interface Reshaped {
  begins: string[];
  body: string;
}

interface Block {
  keyword: "BEGIN" | "END";
  start: number;
  /** Index of the `{` and just past the matching `}`. */
  open: number;
  end: number;
  depth: number;
}

const QUOTES = new Set(["'", '"', "`"]);

function skipString(src: string, i: number): number {
  const q = src[i]!;
  for (let j = i + 1; j < src.length; j++) {
    if (src[j] === "\\") j++;
    else if (src[j] === q) return j + 1;
  }
  return src.length;
}

function findBlocks(src: string): Block[] {
  const blocks: Block[] = [];
  const open: Block[] = [];
  let depth = 0;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (QUOTES.has(ch)) {
      i = skipString(src, i) - 1;
    } else if (ch === "#") {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (ch === "{") {
      depth++;
    } else if (ch === "}") {
      depth--;
      const top = open.at(-1);
      if (top && top.depth === depth) {
        top.end = i + 1;
        blocks.push(open.pop()!);
      }
    } else if ((ch === "B" || ch === "E") && !/[\w$@:.]/.test(src[i - 1] ?? " ")) {
      const m = /^(BEGIN|END)\s*\{/.exec(src.slice(i, i + 8));
      if (m) {
        open.push({ keyword: m[1] as Block["keyword"], start: i, open: i + m[0].length - 1, end: -1, depth });
        i += m[0].length - 1;
        depth++;
      }
    }
  }
  return blocks.sort((a, b) => a.start - b.start);
}

/** END blocks become `__mobula_END(n) { ... }`; with `hoist`, top-level BEGIN blocks are cut out. */
export function reshape(src: string, hoist: boolean): Reshaped {
  const begins: string[] = [];
  let body = "";
  let at = 0;
  let n = 0;
  for (const b of findBlocks(src)) {
    if (b.start < at) continue; // inside a block already handled
    if (b.keyword === "END") {
      body += `${src.slice(at, b.start)}__mobula_END(${n++}) `;
      at = b.open;
    } else if (hoist && b.depth === 0) {
      body += src.slice(at, b.start);
      begins.push(src.slice(b.open + 1, b.end - 1));
      at = b.end;
    }
  }
  return { begins, body: body + src.slice(at) };
}
