// Character-level scanning: blanks, comments, operators, here-doc bodies and words with their quoting.
// Shell lexing depends on the grammar (reserved words count only in command position, `$(` nests a whole
// list), so there is no separate token stream: the Parser subclass asks for what it expects next.
import type { List, Param, ParamOp, Redirect, Word, WordPart } from "./ast.ts";
import { ShellSyntaxError } from "./errors.ts";

const META = new Set([" ", "\t", "\n", ";", "&", "|", "<", ">", "(", ")"]);
const OPERATORS = ["&&", "||", ";;", "&>>", "&>", "<<<", "<<-", "<<", ">>", "<&", ">&", ">|", ";", "&", "|", "(", ")", "<", ">", "\n"];
const REDIRECTION = /^([0-9]*)(&>>|&>|<<<|<<-|<<|>>|<&|>&|>\||<|>)/;
const PARAM_OPS: ParamOp[] = [":-", ":=", ":+", ":?", "##", "%%", "-", "=", "+", "?", "#", "%"];
const SPECIAL_PARAMS = "@*#?$!-0123456789";
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

interface PendingHeredoc {
  redirect: Redirect;
  delimiter: string;
  quoted: boolean;
  stripTabs: boolean;
}

export abstract class Scanner {
  pos = 0;
  private pendingHeredocs: PendingHeredoc[] = [];

  constructor(readonly src: string, readonly offset = 0) {}

  /** Called just after `$(`: parse a list, consume the closing `)`. */
  protected abstract parseCommandSubstitution(): List;
  /** A parser over a fragment of the source (backquotes, here-doc bodies, arithmetic). */
  protected abstract subScanner(src: string, offset: number): Scanner;
  /** Parses a whole fragment as a list (backquoted command substitution). */
  protected abstract parseFragment(src: string, offset: number): List;

  fail(message: string, at = this.pos): never {
    throw new ShellSyntaxError(message, at + this.offset);
  }

  get eof(): boolean {
    return this.pos >= this.src.length;
  }

  /** Fails on whatever comes next, naming it as bash does. */
  unexpected(): never {
    this.skipBlank();
    if (this.eof) this.fail("unexpected end of file");
    const op = this.peekOperator();
    const token = op === "\n" ? "newline" : op ?? this.rawWord();
    this.fail(`unexpected token \`${token}'`);
  }

  /** Skips spaces, tabs, line continuations and a comment (which ends before the newline). */
  skipBlank(): void {
    for (;;) {
      const c = this.src[this.pos];
      if (c === " " || c === "\t") this.pos++;
      else if (c === "\\" && this.src[this.pos + 1] === "\n") this.pos += 2;
      else if (c === "#") {
        while (!this.eof && this.src[this.pos] !== "\n") this.pos++;
      } else return;
    }
  }

  peekOperator(): string | null {
    this.skipBlank();
    for (const op of OPERATORS) if (this.src.startsWith(op, this.pos)) return op;
    return null;
  }

  peekRedirection(): { fd: number | null; op: Redirect["op"]; length: number } | null {
    this.skipBlank();
    const m = REDIRECTION.exec(this.src.slice(this.pos, this.pos + 16));
    if (m === null || (m[1] !== "" && m[2].startsWith("&"))) return null;
    return { fd: m[1] === "" ? null : Number(m[1]), op: m[2] as Redirect["op"], length: m[0].length };
  }

  consumeNewline(): void {
    this.pos++;
    this.readHeredocBodies();
  }

  skipNewlines(): void {
    for (;;) {
      this.skipBlank();
      if (this.src[this.pos] !== "\n") return;
      this.consumeNewline();
    }
  }

  /** The next word's raw text, not consumed (for reserved words and names). */
  rawWord(): string {
    this.skipBlank();
    let end = this.pos;
    while (end < this.src.length && !META.has(this.src[end])) end++;
    return this.src.slice(this.pos, end);
  }

  // ---- here-documents -------------------------------------------------------------------------------------

  protected addHeredoc(redirect: Redirect, delimiterWord: Word): void {
    let delimiter = "";
    let quoted = false;
    const visit = (parts: WordPart[]): void => {
      for (const p of parts) {
        if (p.type === "Literal") delimiter += p.value;
        else if (p.type === "Quoted") {
          delimiter += p.value;
          quoted = true;
        } else if (p.type === "Double") {
          quoted = true;
          visit(p.parts);
        } else this.fail("here-document delimiter must be a plain word");
      }
    };
    visit(delimiterWord.parts);
    this.pendingHeredocs.push({ redirect, delimiter, quoted, stripTabs: redirect.op === "<<-" });
  }

  /** Here-doc bodies start after the newline that ends the command line holding their `<<`. */
  protected readHeredocBodies(): void {
    for (const doc of this.pendingHeredocs.splice(0)) {
      const start = this.pos;
      let body = "";
      while (!this.eof) {
        const end = this.src.indexOf("\n", this.pos);
        let line = end < 0 ? this.src.slice(this.pos) : this.src.slice(this.pos, end);
        this.pos = end < 0 ? this.src.length : end + 1;
        if (doc.stripTabs) line = line.replace(/^\t+/, "");
        if (line === doc.delimiter) break;
        body += line + "\n";
      }
      doc.redirect.target = doc.quoted
        ? { type: "Word", parts: body === "" ? [] : [{ type: "Quoted", value: body }] }
        : { type: "Word", parts: this.subScanner(body, this.offset + start).readTemplate(null, "$`\\") };
    }
  }

  // ---- words ----------------------------------------------------------------------------------------------

  /** Reads one word up to an unquoted metacharacter. The caller ensures a word starts here. */
  readWord(): Word {
    return { type: "Word", parts: this.readParts((c) => META.has(c)) };
  }

  private readParts(stop: (c: string) => boolean): WordPart[] {
    const parts: WordPart[] = [];
    let literal = "";
    const flush = (): void => {
      if (literal !== "") parts.push({ type: "Literal", value: literal });
      literal = "";
    };
    while (!this.eof) {
      const c = this.src[this.pos];
      if (stop(c)) break;
      if (c === "\\") {
        const next = this.src[this.pos + 1];
        if (next === "\n") this.pos += 2;
        else if (next === undefined) {
          literal += "\\";
          this.pos++;
        } else {
          flush();
          pushQuoted(parts, next);
          this.pos += 2;
        }
      } else if (c === "'") {
        flush();
        const end = this.src.indexOf("'", this.pos + 1);
        if (end < 0) this.fail("unexpected EOF while looking for matching `''", this.src.length);
        parts.push({ type: "Quoted", value: this.src.slice(this.pos + 1, end) });
        this.pos = end + 1;
      } else if (c === '"') {
        flush();
        this.pos++;
        parts.push({ type: "Double", parts: this.readTemplate('"', '$`"\\') });
      } else if (c === "$" || c === "`") {
        const part = c === "$" ? this.readDollar(false) : this.readBackquote();
        if (part === null) literal += "$";
        else {
          flush();
          parts.push(part);
        }
      } else {
        literal += c;
        this.pos++;
      }
    }
    flush();
    return parts;
  }

  /**
   * Text where only `$`, backquote and backslash are special: the inside of "..." (close = `"`), here-doc bodies
   * and arithmetic (close = null: to the end). A backslash escapes only the characters in `escapable`.
   */
  readTemplate(close: string | null, escapable: string): WordPart[] {
    const parts: WordPart[] = [];
    let literal = "";
    for (;;) {
      if (this.eof) {
        if (close === null) break;
        this.fail(`unexpected EOF while looking for matching \`${close}'`, this.src.length);
      }
      const c = this.src[this.pos];
      if (c === close) {
        this.pos++;
        break;
      }
      if (c === "\\" && this.src[this.pos + 1] === "\n") this.pos += 2;
      else if (c === "\\" && escapable.includes(this.src[this.pos + 1] ?? "\0")) {
        literal += this.src[this.pos + 1];
        this.pos += 2;
      } else if (c === "$" || c === "`") {
        const part = c === "$" ? this.readDollar(true) : this.readBackquote();
        if (part === null) literal += "$";
        else {
          if (literal !== "") parts.push({ type: "Literal", value: literal });
          literal = "";
          parts.push(part);
        }
      } else {
        literal += c;
        this.pos++;
      }
    }
    if (literal !== "") parts.push({ type: "Literal", value: literal });
    return parts;
  }

  /** At `$`. Returns null when the `$` is literal (followed by nothing expandable). */
  private readDollar(inDouble: boolean): WordPart | null {
    const next = this.src[this.pos + 1] ?? "";
    if (next === "(") {
      if (this.src[this.pos + 2] === "(") return this.readArithmetic();
      this.pos += 2;
      return { type: "CommandSub", body: this.parseCommandSubstitution() };
    }
    if (next === "{") return this.readBraced();
    if (next === "'" && !inDouble) return this.readAnsiC();
    if (next === '"' && !inDouble) {
      this.pos += 2; // $"..." (locale translation) is plain "..." here
      return { type: "Double", parts: this.readTemplate('"', '$`"\\') };
    }
    if (NAME_START.test(next)) {
      let end = this.pos + 1;
      while (end < this.src.length && NAME_CHAR.test(this.src[end])) end++;
      const name = this.src.slice(this.pos + 1, end);
      this.pos = end;
      return param(name);
    }
    if (next !== "" && SPECIAL_PARAMS.includes(next)) {
      this.pos += 2;
      return param(next);
    }
    this.pos++;
    return null;
  }

  private readBraced(): WordPart {
    const open = this.pos;
    this.pos += 2;
    let length = false;
    if (this.src[this.pos] === "#" && this.src[this.pos + 1] !== "}" && !PARAM_OPS.some((op) => this.src.startsWith(op, this.pos + 1))) {
      length = true;
      this.pos++;
    }
    let name = "";
    if (NAME_START.test(this.src[this.pos] ?? "")) {
      while (NAME_CHAR.test(this.src[this.pos] ?? "")) name += this.src[this.pos++];
    } else if (/[0-9]/.test(this.src[this.pos] ?? "")) {
      while (/[0-9]/.test(this.src[this.pos] ?? "")) name += this.src[this.pos++];
    } else if (SPECIAL_PARAMS.includes(this.src[this.pos] ?? "\0")) name = this.src[this.pos++];
    if (name === "") this.fail("bad substitution", open);
    if (length) {
      if (this.src[this.pos] !== "}") this.fail("bad substitution", open);
      this.pos++;
      return { type: "Param", name, op: "length", arg: null };
    }
    if (this.src[this.pos] === "}") {
      this.pos++;
      return param(name);
    }
    const op = PARAM_OPS.find((o) => this.src.startsWith(o, this.pos));
    if (op === undefined) this.fail("bad substitution", open);
    this.pos += op.length;
    const arg: Word = { type: "Word", parts: this.readParts((c) => c === "}") };
    if (this.src[this.pos] !== "}") this.fail("unexpected EOF while looking for matching `}'", this.src.length);
    this.pos++;
    return { type: "Param", name, op, arg };
  }

  /** `$((expr))`: the expression is expanded like a here-doc, then evaluated as arithmetic at run time. */
  private readArithmetic(): WordPart {
    const start = this.pos + 3;
    let depth = 0;
    for (let i = start; i < this.src.length; i++) {
      const c = this.src[i];
      if (c === "(") depth++;
      else if (c === ")") {
        if (depth === 0) {
          if (this.src[i + 1] !== ")") this.fail("unexpected token `)' in arithmetic expression", i);
          const parts = this.subScanner(this.src.slice(start, i), this.offset + start).readTemplate(null, "$`\\");
          this.pos = i + 2;
          return { type: "Arith", expr: { type: "Word", parts } };
        }
        depth--;
      }
    }
    this.fail("unexpected EOF while looking for matching `))'", this.src.length);
  }

  private readBackquote(): WordPart {
    const start = this.pos + 1;
    let text = "";
    let i = start;
    for (;;) {
      if (i >= this.src.length) this.fail("unexpected EOF while looking for matching ``'", this.src.length);
      const c = this.src[i];
      if (c === "`") break;
      if (c === "\\" && "$`\\".includes(this.src[i + 1] ?? "\0")) {
        text += this.src[i + 1];
        i += 2;
      } else {
        text += c;
        i++;
      }
    }
    this.pos = i + 1;
    return { type: "CommandSub", body: this.parseFragment(text, this.offset + start) };
  }

  /** `$'...'`: C-style escapes, no expansion. */
  private readAnsiC(): WordPart {
    let i = this.pos + 2;
    let raw = "";
    for (;;) {
      if (i >= this.src.length) this.fail("unexpected EOF while looking for matching `''", this.src.length);
      const c = this.src[i];
      if (c === "'") break;
      if (c === "\\" && i + 1 < this.src.length) {
        raw += c + this.src[i + 1];
        i += 2;
      } else {
        raw += c;
        i++;
      }
    }
    this.pos = i + 1;
    return { type: "Quoted", value: decodeEscapes(raw, false).text };
  }
}

function param(name: string): Param {
  return { type: "Param", name, op: null, arg: null };
}

function pushQuoted(parts: WordPart[], text: string): void {
  const last = parts[parts.length - 1];
  if (last?.type === "Quoted") last.value += text;
  else parts.push({ type: "Quoted", value: text });
}

/**
 * Backslash escapes shared by `$'...'`, `echo -e` and printf. With `echoStyle`, octal is `\0nnn` and `\c` stops
 * output (reported through `stop`).
 */
export function decodeEscapes(raw: string, echoStyle: boolean): { text: string; stop: boolean } {
  const simple: Record<string, string> = { a: "\x07", b: "\b", e: "\x1b", E: "\x1b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", "'": "'", '"': '"', "?": "?" };
  let text = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c !== "\\" || i + 1 >= raw.length) {
      text += c;
      continue;
    }
    const e = raw[++i];
    if (echoStyle && e === "c") return { text, stop: true };
    if (echoStyle && (e === "'" || e === '"' || e === "?")) text += "\\" + e;
    else if (e in simple) text += simple[e];
    else if (/[0-7]/.test(e) && (!echoStyle || e === "0")) {
      const digits = /^[0-7]{1,3}/.exec(raw.slice(echoStyle ? i + 1 : i))?.[0] ?? "";
      text += String.fromCharCode(digits === "" ? 0 : parseInt(digits, 8) & 255);
      i += digits.length - (echoStyle ? 0 : 1);
    } else if (e === "x" && /[0-9a-fA-F]/.test(raw[i + 1] ?? "")) {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(raw.slice(i + 1))?.[0] ?? "";
      text += String.fromCharCode(parseInt(hex, 16));
      i += hex.length;
    } else if ((e === "u" || e === "U") && /[0-9a-fA-F]/.test(raw[i + 1] ?? "")) {
      const hex = new RegExp(`^[0-9a-fA-F]{1,${e === "u" ? 4 : 8}}`).exec(raw.slice(i + 1))?.[0] ?? "";
      text += String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff));
      i += hex.length;
    } else text += "\\" + e;
  }
  return { text, stop: false };
}
