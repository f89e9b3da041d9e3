// Parser for the JavaScript subset of json's -c/-e snippets. Expressions: literals (numbers,
// strings, regexes, arrays, objects), `this`, names, member and index access (`?.` too),
// calls, unary `! - + ~ typeof void delete`, `++`/`--`, binary arithmetic, comparison,
// equality, bitwise, `in`, `&& || ??`, `?:`, assignments (`= += -= *= /= %=` ...) and the
// comma. Statements: expression statements, `var/let/const`, `if/else`, blocks, `return`.
// No loops, no functions: with no way to jump back, a snippet's work is bounded by its size.
import { ExprError, lex, type Tok } from "./expr-lex.ts";

export type Node =
  | { k: "lit"; v: unknown }
  | { k: "regex"; src: string; flags: string }
  | { k: "this" }
  | { k: "id"; name: string }
  | { k: "arr"; items: Node[] }
  | { k: "obj"; props: [string, Node][] }
  | { k: "member"; obj: Node; prop: Node; optional: boolean }
  | { k: "call"; callee: Node; args: Node[]; optional: boolean }
  | { k: "unary"; op: string; arg: Node }
  | { k: "update"; op: "++" | "--"; prefix: boolean; target: Node }
  | { k: "bin"; op: string; l: Node; r: Node }
  | { k: "cond"; test: Node; yes: Node; no: Node }
  | { k: "assign"; op: string; target: Node; value: Node }
  | { k: "seq"; items: Node[] };

export type Stmt =
  | { k: "expr"; e: Node }
  | { k: "return"; e: Node | null }
  | { k: "var"; decls: [string, Node | null][] }
  | { k: "if"; test: Node; yes: Stmt; no: Stmt | null }
  | { k: "block"; body: Stmt[] };

/** Binary operators by precedence, loosest first. */
const LEVELS: string[][] = [["||", "??"], ["&&"], ["|"], ["^"], ["&"], ["==", "!=", "===", "!=="], ["<", ">", "<=", ">=", "in"], ["+", "-"], ["*", "/", "%"]];
const ASSIGN = new Set(["=", "+=", "-=", "*=", "/=", "%=", "**=", "&&=", "||=", "??="]);
const RESERVED = new Set(["function", "while", "for", "do", "new", "class", "import", "export", "with", "yield", "await", "async", "switch", "try", "throw", "debugger", "eval", "arguments", "break", "continue"]);

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  private get tok(): Tok {
    return this.toks[this.i]!;
  }
  private is(v: string): boolean {
    const t = this.tok;
    return (t.t === "punct" || t.t === "name") && t.v === v;
  }
  private eat(v: string): boolean {
    if (!this.is(v)) return false;
    this.i++;
    return true;
  }
  private expect(v: string): void {
    if (!this.eat(v)) this.fail(`expected "${v}"`);
  }
  fail(msg: string): never {
    const t = this.tok;
    const what = t.t === "eof" ? "end of input" : t.t === "regex" ? `/${t.src}/` : JSON.stringify(t.v);
    throw new ExprError(`${msg} at ${what} (offset ${t.at})`);
  }
  atEnd(): boolean {
    return this.tok.t === "eof";
  }

  statements(until: string | null): Stmt[] {
    const body: Stmt[] = [];
    while (until === null ? !this.atEnd() : !this.is(until)) {
      if (this.eat(";")) continue;
      body.push(this.statement());
    }
    return body;
  }

  private endStatement(): void {
    if (this.eat(";") || this.is("}") || this.atEnd() || this.tok.nl) return;
    this.fail("expected end of statement");
  }

  private statement(): Stmt {
    if (this.eat("{")) {
      const body = this.statements("}");
      this.expect("}");
      return { k: "block", body };
    }
    if (this.eat("if")) {
      this.expect("(");
      const test = this.expression();
      this.expect(")");
      const yes = this.statement();
      return { k: "if", test, yes, no: this.eat("else") ? this.statement() : null };
    }
    if (this.eat("return")) {
      const e = this.is(";") || this.is("}") || this.atEnd() || this.tok.nl ? null : this.expression();
      this.endStatement();
      return { k: "return", e };
    }
    if (this.is("var") || this.is("let") || this.is("const")) {
      this.i++;
      const decls: [string, Node | null][] = [];
      do {
        const t = this.tok;
        if (t.t !== "name" || RESERVED.has(t.v)) this.fail("expected a variable name");
        this.i++;
        decls.push([t.v, this.eat("=") ? this.assignment() : null]);
      } while (this.eat(","));
      this.endStatement();
      return { k: "var", decls };
    }
    const e = this.expression();
    this.endStatement();
    return { k: "expr", e };
  }

  expression(): Node {
    const first = this.assignment();
    if (!this.is(",")) return first;
    const items = [first];
    while (this.eat(",")) items.push(this.assignment());
    return { k: "seq", items };
  }

  private assignment(): Node {
    if (this.is("=>")) this.fail("arrow functions are not supported");
    const target = this.conditional();
    const t = this.tok;
    if (t.t === "punct" && ASSIGN.has(t.v)) {
      if (target.k !== "id" && target.k !== "member") this.fail("invalid assignment target");
      this.i++;
      return { k: "assign", op: t.v, target, value: this.assignment() };
    }
    if (this.is("=>")) this.fail("arrow functions are not supported");
    return target;
  }

  private conditional(): Node {
    const test = this.binary(0);
    if (!this.eat("?")) return test;
    const yes = this.assignment();
    this.expect(":");
    return { k: "cond", test, yes, no: this.assignment() };
  }

  private binary(level: number): Node {
    if (level === LEVELS.length) return this.power();
    let l = this.binary(level + 1);
    for (;;) {
      const t = this.tok;
      const op = (t.t === "punct" || (t.t === "name" && t.v === "in")) && LEVELS[level]!.includes(t.v) ? t.v : null;
      if (op === null) return l;
      this.i++;
      l = { k: "bin", op, l, r: this.binary(level + 1) };
    }
  }

  private power(): Node {
    const base = this.unary();
    if (!this.eat("**")) return base;
    return { k: "bin", op: "**", l: base, r: this.power() };
  }

  private unary(): Node {
    const t = this.tok;
    if ((t.t === "punct" && ["!", "-", "+", "~"].includes(t.v)) || (t.t === "name" && ["typeof", "void", "delete"].includes(t.v))) {
      this.i++;
      return { k: "unary", op: t.v, arg: this.unary() };
    }
    if (this.is("++") || this.is("--")) {
      const op = (this.tok as { v: "++" | "--" }).v;
      this.i++;
      const target = this.unary();
      if (target.k !== "id" && target.k !== "member") this.fail("invalid update target");
      return { k: "update", op, prefix: true, target };
    }
    const e = this.postfix();
    if ((this.is("++") || this.is("--")) && !this.tok.nl) {
      if (e.k !== "id" && e.k !== "member") this.fail("invalid update target");
      const op = (this.tok as { v: "++" | "--" }).v;
      this.i++;
      return { k: "update", op, prefix: false, target: e };
    }
    return e;
  }

  private postfix(): Node {
    let e = this.primary();
    for (;;) {
      const optional = this.eat("?.");
      if (this.eat("(") || (optional && this.eat("("))) {
        const args: Node[] = [];
        while (!this.eat(")")) {
          if (this.is("...")) this.fail("spread is not supported");
          args.push(this.assignment());
          if (!this.is(")")) this.expect(",");
        }
        e = { k: "call", callee: e, args, optional };
      } else if (this.eat("[")) {
        const prop = this.expression();
        this.expect("]");
        e = { k: "member", obj: e, prop, optional };
      } else if (this.eat(".") || optional) {
        const t = this.tok;
        if (t.t !== "name") this.fail("expected a property name");
        this.i++;
        e = { k: "member", obj: e, prop: { k: "lit", v: t.v }, optional };
      } else return e;
    }
  }

  private primary(): Node {
    const t = this.tok;
    this.i++;
    switch (t.t) {
      case "num":
      case "str":
        return { k: "lit", v: t.v };
      case "regex":
        return { k: "regex", src: t.src, flags: t.flags };
      case "name":
        if (t.v === "this") return { k: "this" };
        if (t.v === "true" || t.v === "false") return { k: "lit", v: t.v === "true" };
        if (t.v === "null") return { k: "lit", v: null };
        if (RESERVED.has(t.v)) break;
        return { k: "id", name: t.v };
      case "punct":
        if (t.v === "(") {
          const e = this.expression();
          this.expect(")");
          return e;
        }
        if (t.v === "[") {
          const items: Node[] = [];
          while (!this.eat("]")) {
            if (this.is(",")) this.fail("array holes are not supported");
            items.push(this.assignment());
            if (!this.is("]")) this.expect(",");
          }
          return { k: "arr", items };
        }
        if (t.v === "{") return this.object();
    }
    this.i--;
    return this.fail(t.t === "name" && RESERVED.has(t.v) ? `"${t.v}" is not supported` : "unexpected token");
  }

  private object(): Node {
    const props: [string, Node][] = [];
    while (!this.eat("}")) {
      const t = this.tok;
      if (t.t !== "name" && t.t !== "str" && t.t !== "num") this.fail("expected a property name");
      this.i++;
      const key = String(t.v);
      if (this.eat(":")) props.push([key, this.assignment()]);
      else if (t.t === "name") props.push([key, { k: "id", name: key }]); // shorthand `{a}`
      else this.fail('expected ":"');
      if (!this.is("}")) this.expect(",");
    }
    return { k: "obj", props };
  }
}

/** A -e snippet, or a -c snippet: a list of statements. */
export function parseProgram(src: string): Stmt[] {
  const p = new Parser(lex(src));
  return p.statements(null);
}

/** Whether a snippet has a `return` statement (not just the word inside a string). */
export function hasReturn(stmts: Stmt[]): boolean {
  return stmts.some((s) => s.k === "return" || (s.k === "block" && hasReturn(s.body)) || (s.k === "if" && hasReturn([s.yes, ...(s.no ? [s.no] : [])])));
}
