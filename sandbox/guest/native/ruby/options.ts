// The `ruby` command line, as CRuby reads it: switches up to the program (the -e lines, or a
// script file, or stdin), everything after it is ARGV. Single-letter switches cluster
// (`-lane`), and a switch that takes a value takes the rest of its word or the next word
// (`-F,` or `-F ,`, `-rjson` or `-r json`), as in ruby.c's proc_options.
import { UsageError } from "../args.ts";

export interface RubyCommand {
  /** The -e lines, joined with newlines; null when the program is a file or stdin. */
  code: string | null;
  /** The program file (`-` for stdin) when there is no -e. */
  script: string | null;
  argv: string[];
  /** -n: `while gets; ...; end`; -p: the same, printing $_ after each line. */
  loop: "n" | "p" | null;
  /** -l: chomp each line read by -n/-p and set $\ to $/. */
  chomp: boolean;
  /** -a: with -n/-p, $F = $_.split. */
  split: boolean;
  /** -F: the field separator $; (a regexp). */
  fieldSeparator: string | null;
  requires: string[];
  includes: string[];
  chdir: string | null;
  /** -c: check syntax only. */
  checkOnly: boolean;
  /** -w / -W[level]: $VERBOSE true (or nil for -W0). */
  verbose: boolean | null;
  version: "print" | "print-and-run" | null;
  help: boolean;
}

const TAKES_VALUE = new Set(["e", "F", "r", "I", "C", "E", "K", "x", "0"]);

export function parseRubyCommand(args: string[]): RubyCommand {
  const cmd: RubyCommand = {
    code: null, script: null, argv: [], loop: null, chomp: false, split: false, fieldSeparator: null,
    requires: [], includes: [], chdir: null, checkOnly: false, verbose: null, version: null, help: false,
  };
  const lines: string[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (a === "--help" || a === "-h") cmd.help = true;
    else if (a === "--version") cmd.version = "print";
    else if (a.startsWith("--")) longOption(a);
    else if (a.startsWith("-") && a !== "-") i = cluster(a, i);
    else break;
  }
  const rest = args.slice(i);
  if (lines.length) cmd.code = lines.join("\n");
  else cmd.script = rest.shift() ?? "-";
  cmd.argv = rest;
  return cmd;

  function longOption(a: string): void {
    const [name] = a.slice(2).split("=", 1);
    if (["verbose"].includes(name!)) cmd.verbose = true;
    else if (["disable-gems", "disable=gems", "enable=frozen-string-literal", "yjit", "jit"].some((x) => a.slice(2).startsWith(x))) return;
    else if (name === "encoding" || name === "external-encoding" || name === "internal-encoding") return;
    else throw new UsageError(`invalid option ${a}  (-h will show valid options) (RuntimeError)`);
  }

  /** One word of clustered switches; returns the index of the last word it used. */
  function cluster(word: string, at: number): number {
    for (let k = 1; k < word.length; k++) {
      const c = word[k]!;
      if (TAKES_VALUE.has(c)) {
        let value = word.slice(k + 1);
        if (!value && c !== "0" && c !== "x" && c !== "K" && c !== "E") {
          if (at + 1 >= args.length) throw new UsageError(c === "e" ? "no code specified for -e (RuntimeError)" : `missing argument for -${c}`);
          value = args[++at]!;
        }
        take(c, value);
        return at;
      }
      switch (c) {
        case "n": cmd.loop ??= "n"; break;
        case "p": cmd.loop = "p"; break;
        case "l": cmd.chomp = true; break;
        case "a": cmd.split = true; break;
        case "c": cmd.checkOnly = true; break;
        case "w": cmd.verbose = true; break;
        case "W": {
          const level = word.slice(k + 1);
          cmd.verbose = level === "0" ? null : level === "1" ? false : true;
          return at;
        }
        case "v": cmd.version = "print-and-run"; cmd.verbose = true; break;
        case "d": case "s": case "S": case "U": case "y": break;
        default: throw new UsageError(`invalid option -${c}  (-h will show valid options) (RuntimeError)`);
      }
    }
    return at;
  }

  function take(c: string, value: string): void {
    switch (c) {
      case "e": lines.push(value); break;
      case "F": cmd.fieldSeparator = value; break;
      case "r": cmd.requires.push(value); break;
      case "I": cmd.includes.push(value); break;
      case "C": cmd.chdir = value; break;
      default: break; // -E/-K encodings, -x, -0: accepted, not acted on (docs/toolbox.md)
    }
  }
}
