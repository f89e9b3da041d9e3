// Recursive-descent parser for the POSIX-shell subset Mobula runs (see docs/design/shell.md).
//
//   script    := list EOF
//   list      := (and_or (';' | '&' | NEWLINE))* and_or?      -- stops at `)`, `;;` or a stop reserved word
//   and_or    := pipeline (('&&' | '||') NEWLINE* pipeline)*
//   pipeline  := '!'? command ('|' NEWLINE* command)*
//   command   := simple | '{' list '}' | '(' list ')' | if | for | while | until | case | funcdef
//                (compound commands may be followed by redirections)
//   simple    := (assignment | redirect)* (word | redirect)*
import type { AndOr, Case, Command, For, If, List, Pipeline, Redirect, Script, SimpleCommand, While, Word } from "./ast.ts";
import { ShellSyntaxError } from "./errors.ts";
import { Scanner } from "./scanner.ts";

/** Words that end a list when they appear in command position; anywhere else in command position they are errors. */
const CLOSERS = new Set(["then", "elif", "else", "fi", "do", "done", "esac", "}"]);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;

/**
 * parse, for the three entrances that report a syntax error and yield 2 rather than throw (`sh -c`, a
 * session's line, `eval` and `.`): the error comes back as the shell prints it after `sh: `.
 */
export function parseOrError(source: string): { script: Script } | { error: string } {
  try {
    return { script: parse(source) };
  } catch (e) {
    if (!(e instanceof ShellSyntaxError)) throw e;
    return { error: `syntax error: ${e.message} (at position ${e.position})` };
  }
}

export function parse(source: string): Script {
  return new Parser(source).parseScript();
}

class Parser extends Scanner {
  parseScript(): Script {
    const body = this.parseList(new Set(), true);
    this.skipBlank();
    if (!this.eof) this.unexpected();
    this.readHeredocBodies();
    return { type: "Script", body };
  }

  protected parseCommandSubstitution(): List {
    const body = this.parseList(new Set(), true);
    this.skipBlank();
    if (this.eof) this.fail("unexpected EOF while looking for matching `)'");
    if (this.peekOperator() !== ")") this.unexpected();
    this.pos++;
    return body;
  }

  protected subScanner(src: string, offset: number): Scanner {
    return new Parser(src, offset);
  }

  protected parseFragment(src: string, offset: number): List {
    const parser = new Parser(src, offset);
    return parser.parseScript().body;
  }

  /** The next word if it is a reserved word (not consumed). */
  private peekReserved(): string | null {
    const raw = this.rawWord();
    return CLOSERS.has(raw) || ["{", "!", "if", "for", "while", "until", "case", "function"].includes(raw) ? raw : null;
  }

  private expectReserved(word: string): void {
    if (this.peekReserved() !== word) this.unexpected();
    this.pos += word.length;
  }

  private parseList(stops: Set<string>, allowEmpty: boolean): List {
    const list: List = { type: "List", items: [] };
    for (;;) {
      this.skipNewlines();
      if (this.eof) break;
      const op = this.peekOperator();
      if (op === ")" || op === ";;") break;
      const reserved = this.peekReserved();
      if (reserved !== null && stops.has(reserved)) break;
      const command = this.parseAndOr();
      const separator = this.peekOperator();
      const background = separator === "&";
      list.items.push({ command, background });
      if (separator === ";" || background) this.pos++;
      else if (separator !== "\n") break;
    }
    if (!allowEmpty && list.items.length === 0) this.unexpected();
    return list;
  }

  private parseAndOr(): AndOr {
    const node: AndOr = { type: "AndOr", first: this.parsePipeline(), rest: [] };
    for (;;) {
      const op = this.peekOperator();
      if (op !== "&&" && op !== "||") return node;
      this.pos += 2;
      this.skipNewlines();
      node.rest.push({ op, pipeline: this.parsePipeline() });
    }
  }

  private parsePipeline(): Pipeline {
    let negated = false;
    while (this.peekReserved() === "!") {
      this.pos++;
      negated = !negated;
    }
    const commands = [this.parseCommand()];
    while (this.peekOperator() === "|") {
      this.pos++;
      this.skipNewlines();
      commands.push(this.parseCommand());
    }
    return { type: "Pipeline", negated, commands };
  }

  private parseCommand(): Command {
    this.skipBlank();
    if (this.eof) this.unexpected();
    const op = this.peekOperator();
    if (op === "(") {
      this.pos++;
      const body = this.parseList(new Set(), false);
      if (this.peekOperator() !== ")") this.unexpected();
      this.pos++;
      return { type: "Subshell", body, redirects: this.parseRedirects() };
    }
    if (op !== null && this.peekRedirection() === null) this.unexpected();
    switch (this.peekReserved()) {
      case "{": {
        this.pos++;
        const body = this.parseList(new Set(["}"]), false);
        this.expectReserved("}");
        return { type: "Group", body, redirects: this.parseRedirects() };
      }
      case "if":
        return this.parseIf();
      case "for":
        return this.parseFor();
      case "while":
      case "until":
        return this.parseWhile();
      case "case":
        return this.parseCase();
      case "function": {
        this.pos += "function".length;
        const name = this.rawWord();
        if (!FUNCTION_NAME.test(name)) this.unexpected();
        this.pos += name.length;
        if (this.peekOperator() === "(") this.expectParens();
        return this.parseFunctionBody(name);
      }
      case null:
        return this.parseSimpleOrFunction();
      default:
        this.unexpected();
    }
  }

  private parseSimpleOrFunction(): Command {
    const command: SimpleCommand = { type: "Simple", assignments: [], words: [], redirects: [] };
    for (;;) {
      this.skipBlank();
      if (this.eof) break;
      if (this.peekRedirection() !== null) {
        command.redirects.push(this.parseRedirect());
        continue;
      }
      if (this.peekOperator() !== null) break;
      const word = this.readWord();
      const first = word.parts[0];
      const match = first?.type === "Literal" ? /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/.exec(first.value) : null;
      if (command.words.length === 0 && match !== null && first?.type === "Literal") {
        const rest = first.value.slice(match[0].length);
        const parts = rest === "" ? word.parts.slice(1) : [{ type: "Literal" as const, value: rest }, ...word.parts.slice(1)];
        command.assignments.push({ name: match[1], value: { type: "Word", parts }, append: match[2] === "+" });
      } else command.words.push(word);
    }
    const single = command.words[0];
    if (command.words.length === 1 && command.assignments.length === 0 && command.redirects.length === 0 && this.peekOperator() === "(") {
      const name = single.parts.length === 1 && single.parts[0].type === "Literal" ? single.parts[0].value : "";
      if (!FUNCTION_NAME.test(name)) this.unexpected();
      this.expectParens();
      return this.parseFunctionBody(name);
    }
    if (command.words.length + command.assignments.length + command.redirects.length === 0) this.unexpected();
    return command;
  }

  private expectParens(): void {
    this.pos++; // "("
    if (this.peekOperator() !== ")") this.unexpected();
    this.pos++;
  }

  private parseFunctionBody(name: string): Command {
    this.skipNewlines();
    const reserved = this.peekReserved();
    if (this.peekOperator() !== "(" && (reserved === null || ["!", "function"].includes(reserved) || CLOSERS.has(reserved))) {
      this.unexpected();
    }
    return { type: "Function", name, body: this.parseCommand() };
  }

  private parseRedirects(): Redirect[] {
    const redirects: Redirect[] = [];
    while (this.peekRedirection() !== null) redirects.push(this.parseRedirect());
    return redirects;
  }

  private parseRedirect(): Redirect {
    const found = this.peekRedirection();
    if (found === null) this.unexpected();
    this.pos += found.length;
    this.skipBlank();
    if (this.eof || this.peekOperator() !== null) this.unexpected();
    const word = this.readWord();
    const redirect: Redirect = { fd: found.fd, op: found.op, target: word };
    if (found.op === "<<" || found.op === "<<-") this.addHeredoc(redirect, word);
    return redirect;
  }

  private parseIf(): If {
    this.pos += 2;
    const node: If = { type: "If", clauses: [], elseBody: null, redirects: [] };
    for (;;) {
      const condition = this.parseList(new Set(["then"]), false);
      this.expectReserved("then");
      node.clauses.push({ condition, body: this.parseList(new Set(["elif", "else", "fi"]), false) });
      const next = this.peekReserved();
      this.pos += (next ?? "").length;
      if (next === "elif") continue;
      if (next === "else") {
        node.elseBody = this.parseList(new Set(["fi"]), false);
        this.expectReserved("fi");
      } else if (next !== "fi") this.unexpected();
      node.redirects = this.parseRedirects();
      return node;
    }
  }

  private parseFor(): For {
    this.pos += 3;
    const variable = this.rawWord();
    if (!NAME.test(variable)) this.fail(`\`${variable}': not a valid identifier`);
    this.pos += variable.length;
    if (this.peekOperator() === ";") this.pos++;
    this.skipNewlines();
    let items: Word[] | null = null;
    if (this.rawWord() === "in") {
      this.pos += 2;
      items = [];
      for (;;) {
        const op = this.peekOperator();
        if (op === ";") this.pos++;
        else if (op === "\n") this.consumeNewline();
        else if (op !== null || this.eof) this.unexpected();
        else {
          items.push(this.readWord());
          continue;
        }
        break;
      }
    }
    this.skipNewlines();
    const body = this.parseDoGroup();
    return { type: "For", variable, items, body, redirects: this.parseRedirects() };
  }

  private parseWhile(): While {
    const until = this.peekReserved() === "until";
    this.pos += 5; // "while" and "until" have the same length
    const condition = this.parseList(new Set(["do"]), false);
    const body = this.parseDoGroup();
    return { type: "While", until, condition, body, redirects: this.parseRedirects() };
  }

  private parseDoGroup(): List {
    this.expectReserved("do");
    const body = this.parseList(new Set(["done"]), false);
    this.expectReserved("done");
    return body;
  }

  private parseCase(): Case {
    this.pos += 4;
    this.skipBlank();
    if (this.eof || this.peekOperator() !== null) this.unexpected();
    const node: Case = { type: "Case", subject: this.readWord(), arms: [], redirects: [] };
    this.skipNewlines();
    if (this.rawWord() !== "in") this.unexpected();
    this.pos += 2;
    for (;;) {
      this.skipNewlines();
      if (this.peekReserved() === "esac") break;
      if (this.peekOperator() === "(") this.pos++;
      const patterns: Word[] = [];
      for (;;) {
        this.skipBlank();
        if (this.eof || this.peekOperator() !== null) this.unexpected();
        patterns.push(this.readWord());
        if (this.peekOperator() !== "|") break;
        this.pos++;
      }
      if (this.peekOperator() !== ")") this.unexpected();
      this.pos++;
      node.arms.push({ patterns, body: this.parseList(new Set(["esac"]), true) });
      if (this.peekOperator() === ";;") this.pos += 2;
      else {
        this.skipNewlines();
        if (this.peekReserved() !== "esac") this.unexpected();
      }
    }
    this.pos += 4;
    node.redirects = this.parseRedirects();
    return node;
  }
}
