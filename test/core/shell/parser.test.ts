import { describe, expect, it } from "vitest";
import { parse, ShellSyntaxError, type AndOr, type Command, type SimpleCommand, type Word } from "../../../core/shell/index.ts";

const lit = (value: string) => ({ type: "Literal", value });
const quoted = (value: string) => ({ type: "Quoted", value });
const param = (name: string) => ({ type: "Param", name, op: null, arg: null });
const word = (...parts: unknown[]) => ({ type: "Word", parts });

function andOrs(source: string): AndOr[] {
  return parse(source).body.items.map((i) => i.command);
}

function firstCommand(source: string): Command {
  return andOrs(source)[0].first.commands[0];
}

function simple(source: string): SimpleCommand {
  const c = firstCommand(source);
  if (c.type !== "Simple") throw new Error(`expected a simple command, got ${c.type}`);
  return c;
}

/** A compact rendering of command structure: words joined by spaces, operators kept. */
function shape(source: string): string {
  const text = (w: Word) => w.parts.map((p) => ("value" in p ? p.value : `{${p.type}}`)).join("");
  const cmd = (c: Command) => (c.type === "Simple" ? c.words.map(text).join(" ") : c.type);
  return parse(source)
    .body.items.map((i) => {
      const pipe = (p: AndOr["first"]) => (p.negated ? "! " : "") + p.commands.map(cmd).join(" | ");
      return [pipe(i.command.first), ...i.command.rest.map((r) => `${r.op} ${pipe(r.pipeline)}`)].join(" ") + (i.background ? " &" : "");
    })
    .join(" ; ");
}

function syntaxError(source: string): { message: string; position: number } {
  try {
    parse(source);
  } catch (e) {
    if (e instanceof ShellSyntaxError) return { message: e.message, position: e.position };
    throw e;
  }
  throw new Error(`no syntax error in ${JSON.stringify(source)}`);
}

describe("parse: lists and operator precedence", () => {
  it("groups `a && b || c ; d` as one left-associative and-or list followed by d", () => {
    const [first, second] = andOrs("a && b || c ; d");
    expect(first.rest.map((r) => r.op)).toEqual(["&&", "||"]);
    expect(shape("a && b || c ; d")).toBe("a && b || c ; d");
    expect(second.first.commands).toHaveLength(1);
  });

  it("binds | tighter than && and ||", () => {
    const [node] = andOrs("a | b && c | d");
    expect(node.first.commands).toHaveLength(2);
    expect(node.rest[0].pipeline.commands).toHaveLength(2);
  });

  it("treats newlines as separators and allows newlines after && and |", () => {
    expect(shape("a\nb &&\n c |\n d\n\n")).toBe("a ; b && c | d");
  });

  it("marks ! negation and & background", () => {
    expect(shape("! a | b; c & d")).toBe("! a | b ; c & ; d");
  });

  it("does not treat # inside a word as a comment", () => {
    expect(shape("echo a#b # c d")).toBe("echo a#b");
  });
});

describe("parse: quoting", () => {
  it("keeps single quotes literal, including backslashes and $", () => {
    expect(simple(`echo 'a \\ $x "b"'`).words[1]).toEqual(word(quoted('a \\ $x "b"')));
  });

  it("handles escapes inside double quotes and leaves other backslashes", () => {
    expect(simple(`echo "a\\"b\\\\c\\$d\\\`e\\nf"`).words[1]).toEqual(word({ type: "Double", parts: [lit('a"b\\c$d`e\\nf')] }));
  });

  it("expands $VAR and ${VAR} inside double quotes", () => {
    expect(simple(`echo "x$A-\${B}y"`).words[1]).toEqual(word({ type: "Double", parts: [lit("x"), param("A"), lit("-"), param("B"), lit("y")] }));
  });

  it("turns an unquoted backslash into quoted text and joins adjacent pieces into one word", () => {
    expect(simple(`echo a\\ b'c'"d"`).words).toEqual([word(lit("echo")), word(lit("a"), quoted(" "), lit("b"), quoted("c"), { type: "Double", parts: [lit("d")] })]);
  });

  it("parses ${VAR:-default} with a word argument that may contain spaces", () => {
    expect(simple("echo ${X:-a b}").words[1]).toEqual(word({ type: "Param", name: "X", op: ":-", arg: word(lit("a b")) }));
  });

  it("parses $?, $$ and a literal $ before a space", () => {
    expect(simple("echo $? $$ $ x").words.slice(1)).toEqual([word(param("?")), word(param("$")), word(lit("$")), word(lit("x"))]);
  });

  it("nests command substitution with its own quotes", () => {
    const w = simple(`echo "$(echo "in ) side")"`).words[1];
    const sub = w.parts[0].type === "Double" ? w.parts[0].parts[0] : null;
    expect(sub?.type).toBe("CommandSub");
  });
});

describe("parse: assignments and redirections", () => {
  it("separates leading NAME=value words from the command", () => {
    const c = simple("A=1 B+=\"x y\" cmd C=3");
    expect(c.assignments).toEqual([
      { name: "A", value: word(lit("1")), append: false },
      { name: "B", value: word({ type: "Double", parts: [lit("x y")] }), append: true },
    ]);
    expect(c.words).toEqual([word(lit("cmd")), word(lit("C=3"))]);
  });

  it("reads fd numbers, dups and appends in order", () => {
    const c = simple("cmd <in >out 2>>log 2>&1 >&2 3>f 1>&-");
    expect(c.redirects.map((r) => [r.fd, r.op, r.target.parts.map((p) => ("value" in p ? p.value : "")).join("")])).toEqual([
      [null, "<", "in"],
      [null, ">", "out"],
      [2, ">>", "log"],
      [2, ">&", "1"],
      [null, ">&", "2"],
      [3, ">", "f"],
      [1, ">&", "-"],
    ]);
  });

  it("treats digits glued to a word as part of the word, not an fd", () => {
    const c = simple("echo a2>f");
    expect(c.words[1]).toEqual(word(lit("a2")));
    expect(c.redirects[0].fd).toBeNull();
  });

  it("reads a here-document body after the line, unexpanded when the delimiter is quoted", () => {
    const plain = simple("cat <<EOF; echo next\nhello $X\nEOF\n");
    expect(plain.redirects[0].target).toEqual(word(lit("hello "), param("X"), lit("\n")));
    const q = simple("cat <<'EOF'\nhello $X\nEOF");
    expect(q.redirects[0].target).toEqual(word(quoted("hello $X\n")));
  });
});

describe("parse: compound commands", () => {
  it("parses if/elif/else, for, while, case, groups, subshells and functions", () => {
    const types = andOrs(
      "if a; then b; elif c; then d; else e; fi; for x in 1 2; do :; done; while a; do b; done; case $x in a|b) c;; esac; { a; }; (b); f() { a; }",
    ).map((n) => n.first.commands[0].type);
    expect(types).toEqual(["If", "For", "While", "Case", "Group", "Subshell", "Function"]);
  });

  it("recognises reserved words only in command position", () => {
    expect(shape("echo if then fi")).toBe("echo if then fi");
  });
});

describe("parse: syntax errors", () => {
  it.each([
    ["a |", "unexpected end of file", 3],
    ["| a", "unexpected token `|'", 0],
    ["a && ; b", "unexpected token `;'", 5],
    ["echo 'abc", "unexpected EOF while looking for matching `''", 9],
    ['echo "abc', "unexpected EOF while looking for matching `\"'", 9],
    ["if a; then b; fi fi", "unexpected token `fi'", 17],
    ["{ echo a }", "unexpected end of file", 10],
    ["echo a )", "unexpected token `)'", 7],
    ["echo ${", "bad substitution", 5],
  ])("reports %j as %j at %i", (source, message, position) => {
    expect(syntaxError(source)).toEqual({ message, position });
  });
});
