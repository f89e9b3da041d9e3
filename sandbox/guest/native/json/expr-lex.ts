// Tokens of the JavaScript subset json's -c/-e snippets may use (see expr-parse.ts). Regex
// literals are told from division the usual way: a `/` where an operand is expected starts one.

export class ExprError extends Error {}

export type Tok =
  | { t: "num"; v: number; at: number; nl: boolean }
  | { t: "str"; v: string; at: number; nl: boolean }
  | { t: "regex"; src: string; flags: string; at: number; nl: boolean }
  | { t: "name"; v: string; at: number; nl: boolean }
  | { t: "punct"; v: string; at: number; nl: boolean }
  | { t: "eof"; at: number; nl: boolean };

const PUNCT = ["===", "!==", "**=", "...", "&&=", "||=", "??=", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=", "=>", "**", "{", "}", "(", ")", "[", "]", ";", ",", "<", ">", "+", "-", "*", "/", "%", "!", "?", ":", "=", ".", "~", "&", "|", "^"];
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", v: "\v", "0": "\0" };
/** After these words an operand follows, so `/` starts a regex. */
const OPERAND_WORDS = new Set(["return", "typeof", "delete", "void", "in", "case", "else"]);

export function lex(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let nl = false;
  const fail = (msg: string): never => {
    throw new ExprError(`${msg} at offset ${i}`);
  };
  const operandExpected = () => {
    const p = toks[toks.length - 1];
    if (p === undefined) return true;
    if (p.t === "punct") return !(p.v === ")" || p.v === "]" || p.v === "}" || p.v === "++" || p.v === "--");
    return p.t === "name" && OPERAND_WORDS.has(p.v);
  };
  while (i < src.length) {
    const c = src[i]!;
    const at = i;
    if (c === "\n" || c === "\r" || c === "\u2028" || c === "\u2029") {
      nl = true;
      i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (src.startsWith("//", i)) {
      while (i < src.length && src[i] !== "\n") i++;
      continue;
    }
    if (src.startsWith("/*", i)) {
      const end = src.indexOf("*/", i + 2);
      if (end < 0) fail("unterminated comment");
      if (src.slice(i, end).includes("\n")) nl = true;
      i = end + 2;
      continue;
    }
    let m: RegExpMatchArray | null;
    if ((m = /^(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(src.slice(i, i + 400)))) {
      i += m[0].length;
      if (/^[\w$]/.test(src[i] ?? "")) fail("bad number");
      toks.push({ t: "num", v: Number(m[0]), at, nl });
    } else if ((m = /^[A-Za-z_$][\w$]*/.exec(src.slice(i, i + 400)))) {
      i += m[0].length;
      toks.push({ t: "name", v: m[0], at, nl });
    } else if (c === '"' || c === "'" || c === "`") {
      let s = "";
      i++;
      for (;;) {
        if (i >= src.length) fail("unterminated string");
        const d = src[i++]!;
        if (d === c) break;
        if (c === "`" && d === "$" && src[i] === "{") fail("template substitutions are not supported");
        if (d !== "\\") {
          if (c !== "`" && d === "\n") fail("unterminated string");
          s += d;
          continue;
        }
        const e = src[i++] ?? "";
        if (Object.hasOwn(SIMPLE_ESCAPES, e)) s += SIMPLE_ESCAPES[e];
        else if (e === "x" && /^[0-9a-fA-F]{2}/.test(src.slice(i, i + 2))) {
          s += String.fromCharCode(parseInt(src.slice(i, i + 2), 16));
          i += 2;
        } else if (e === "u" && (m = /^(?:([0-9a-fA-F]{4})|\{([0-9a-fA-F]{1,6})\})/.exec(src.slice(i, i + 8)))) {
          const code = parseInt(m[1] ?? m[2]!, 16);
          if (code > 0x10ffff) fail("bad escape");
          s += String.fromCodePoint(code);
          i += m[0].length;
        } else if (e === "\n") continue; // line continuation
        else if (e === "\r") i += src[i] === "\n" ? 1 : 0;
        else s += e;
      }
      toks.push({ t: "str", v: s, at, nl });
    } else if (c === "/" && operandExpected()) {
      let inClass = false;
      i++;
      let body = "";
      for (;;) {
        const d = src[i++];
        if (d === undefined || d === "\n") fail("unterminated regex");
        if (d === "\\") {
          body += d + (src[i++] ?? "");
          continue;
        }
        if (d === "[") inClass = true;
        else if (d === "]") inClass = false;
        else if (d === "/" && !inClass) break;
        body += d;
      }
      const flags = /^[a-z]*/.exec(src.slice(i))![0];
      i += flags.length;
      toks.push({ t: "regex", src: body, flags, at, nl });
    } else {
      const p = PUNCT.find((q) => src.startsWith(q, i));
      if (p === undefined) fail(`unexpected character ${JSON.stringify(c)}`);
      // `?.5` is `? .5`, not optional chaining.
      if (p === "?." && /\d/.test(src[i + 2] ?? "")) {
        toks.push({ t: "punct", v: "?", at, nl });
        i += 1;
      } else {
        toks.push({ t: "punct", v: p!, at, nl });
        i += p!.length;
      }
    }
    nl = false;
  }
  toks.push({ t: "eof", at: i, nl });
  return toks;
}
