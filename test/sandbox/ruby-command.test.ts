/**
 * The `ruby` command line as CRuby reads it, and the reshaping that lets an evaluated string
 * behave like a main program (END blocks once, BEGIN before the -n/-p loop).
 */
import { describe, expect, it } from "vitest";
import { UsageError } from "../../sandbox/guest/native/args.ts";
import { parseRubyCommand } from "../../sandbox/guest/native/ruby/options.ts";
import { reshape } from "../../sandbox/guest/native/ruby/source.ts";

describe("ruby switches", () => {
  it("joins -e lines and passes what follows as ARGV", () => {
    const c = parseRubyCommand(["-e", "a = 1", "-e", "p a", "x", "-n"]);
    expect(c.code).toBe("a = 1\np a");
    expect(c.argv).toEqual(["x", "-n"]);
    expect(c.loop).toBeNull();
  });

  it("clusters single-letter switches, the last one taking the rest of the word or the next word", () => {
    const c = parseRubyCommand(["-lane", "print $F[0]", "f.txt"]);
    expect(c).toMatchObject({ chomp: true, split: true, loop: "n", code: "print $F[0]", argv: ["f.txt"] });
    expect(parseRubyCommand(["-F,", "-ane", "1"]).fieldSeparator).toBe(",");
    expect(parseRubyCommand(["-F", ":", "-e", "1"]).fieldSeparator).toBe(":");
    expect(parseRubyCommand(["-rjson", "-r", "set", "-e", "1"]).requires).toEqual(["json", "set"]);
  });

  it("-p wins over -n, as in CRuby", () => {
    expect(parseRubyCommand(["-np", "-e", "1"]).loop).toBe("p");
    expect(parseRubyCommand(["-pn", "-e", "1"]).loop).toBe("p");
  });

  it("without -e the first operand is the program file, and `-` or nothing is stdin", () => {
    expect(parseRubyCommand(["s.rb", "a", "b"])).toMatchObject({ code: null, script: "s.rb", argv: ["a", "b"] });
    expect(parseRubyCommand([]).script).toBe("-");
    expect(parseRubyCommand(["--", "-x.rb"]).script).toBe("-x.rb");
  });

  it("reads -v, --version, -c, -W0 and --help", () => {
    expect(parseRubyCommand(["--version"]).version).toBe("print");
    expect(parseRubyCommand(["-v", "-e", "1"])).toMatchObject({ version: "print-and-run", verbose: true });
    expect(parseRubyCommand(["-c", "x.rb"]).checkOnly).toBe(true);
    expect(parseRubyCommand(["-W0", "-e", "1"]).verbose).toBeNull();
    expect(parseRubyCommand(["--help"]).help).toBe(true);
  });

  it("refuses an unknown switch and -e without code", () => {
    expect(() => parseRubyCommand(["-Z"])).toThrow(UsageError);
    expect(() => parseRubyCommand(["-e"])).toThrow(/no code specified for -e/);
  });
});

describe("ruby program reshaping", () => {
  it("turns END blocks into numbered once-only registrations", () => {
    expect(reshape("x = 1; END { p x }; END{ p 2 }", false).body).toBe("x = 1; __mobula_END(0) { p x }; __mobula_END(1) { p 2 }");
  });

  it("moves top-level BEGIN blocks out of a -n/-p loop body, keeping them in order", () => {
    const r = reshape("BEGIN { c = 0 }; c += 1; BEGIN { d = {} }", true);
    expect(r.begins).toEqual([" c = 0 ", " d = {} "]);
    expect(r.body).toBe("; c += 1; ");
  });

  it("leaves BEGIN in place without a loop (CRuby runs it first anyway)", () => {
    expect(reshape("BEGIN { p 1 }", false)).toEqual({ begins: [], body: "BEGIN { p 1 }" });
  });

  it("ignores the words inside strings, comments, and as parts of other names", () => {
    const src = `puts "END { no }"; x = 'BEGIN {'; # END { not this }\nMY_END = 1; obj.END {}`;
    expect(reshape(src, true)).toEqual({ begins: [], body: src });
  });

  it("finds the matching brace past nested blocks and string braces", () => {
    const r = reshape('END { [1].each { |i| puts "}#{i}" } }', false);
    expect(r.body).toBe('__mobula_END(0) { [1].each { |i| puts "}#{i}" } }');
  });
});
