// json's own command line, parsed as json.js parses it rather than with ../args.ts: `-j0`
// is `-j -0`, `-dX`/`-oX`/`-DX` carry their value, only -d -o -D attach one, and after `--`
// json takes just one more argument (it stops there).
import type { OutputMode } from "./output.ts";

export class JsonError extends Error {}

export interface JsonOpts {
  args: string[];
  help: boolean;
  version: boolean;
  quiet: boolean;
  dropHeaders: boolean;
  exeSnippets: string[];
  condSnippets: string[];
  outputMode: OutputMode;
  jsonIndent: number | string;
  /** -a true, -A false, neither null (arrays are then processed item by item). */
  array: boolean | null;
  delim: string;
  lookupDelim: string;
  items: boolean;
  outputKeys: boolean;
  group: boolean;
  merge: "shallow" | "deep" | null;
  inputFiles: string[];
  validate: boolean;
  inPlace: boolean;
}

const MODES: Readonly<Record<string, OutputMode>> = { jsony: "jsony", json: "json", inspect: "inspect", compact: "compact" };
const TAKES_VALUE = new Set(["d", "o", "D"]);

/** json's -d value is read as the inside of a JSON string: `-d '\t'` is a tab. */
function parseDelim(s: string): string {
  return JSON.parse('"' + s.replace(/\\"/g, '"').replace(/"/g, '\\"') + '"') as string;
}

function splitBundles(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      out.push(...argv.slice(i));
      break;
    }
    if (a[0] === "-" && a[1] !== "-" && a.length > 2) {
      const letters = a.slice(1).split("");
      for (let j = 0; j < letters.length; j++) {
        out.push("-" + letters[j]);
        if (TAKES_VALUE.has(letters[j]!)) {
          const rest = letters.slice(j + 1).join("");
          if (rest.length) out.push(rest);
          break;
        }
      }
    } else out.push(a);
  }
  return out;
}

export function parseJsonArgv(argv: string[]): JsonOpts {
  const o: JsonOpts = {
    args: [], help: false, version: false, quiet: false, dropHeaders: false, exeSnippets: [], condSnippets: [],
    outputMode: "jsony", jsonIndent: 2, array: null, delim: " ", lookupDelim: ".", items: false, outputKeys: false,
    group: false, merge: null, inputFiles: [], validate: false, inPlace: false,
  };
  const args = splitBundles(argv);
  const value = (opt: string): string => {
    const v = args.shift();
    if (v === undefined) throw new JsonError(`no argument given for "${opt}" option`);
    return v;
  };
  let endOfOptions = false;
  while (args.length > 0) {
    const arg = args.shift()!;
    if (endOfOptions) {
      o.args.push(arg);
      break;
    }
    switch (arg) {
      case "--": endOfOptions = true; break;
      case "-h": case "--help": o.help = true; break;
      case "--version": o.version = true; break;
      case "-q": case "--quiet": o.quiet = true; break;
      case "-H": o.dropHeaders = true; break;
      case "-o": case "--output": {
        let name = args.shift();
        if (!name) throw new JsonError('no argument given for "-o|--output" option');
        const idx = name.lastIndexOf("-");
        if (idx !== -1) {
          const indent = name.slice(idx + 1);
          if (/^\d+$/.test(indent)) {
            o.jsonIndent = Number(indent);
            name = name.slice(0, idx);
          } else if (indent === "tab") {
            o.jsonIndent = "\t";
            name = name.slice(0, idx);
          }
        }
        const mode = Object.hasOwn(MODES, name) ? MODES[name] : undefined;
        if (mode === undefined) throw new JsonError(`unknown output mode: "${name}"`);
        o.outputMode = mode;
        break;
      }
      case "-0": o.jsonIndent = 0; break;
      case "-2": o.jsonIndent = 2; break;
      case "-4": o.jsonIndent = 4; break;
      case "-I": case "--in-place": o.inPlace = true; break;
      case "-i": o.outputMode = "inspect"; break;
      case "-j": o.outputMode = "json"; break;
      case "-a": case "--array": o.array = true; break;
      case "-A": o.array = false; break;
      case "-d": {
        const d = value("-d");
        try {
          o.delim = parseDelim(d);
        } catch (e) {
          throw new JsonError(`could not parse delim "${d}": ${e instanceof Error ? e.message : String(e)}`);
        }
        break;
      }
      case "-D":
        o.lookupDelim = value("-D");
        if (o.lookupDelim.length !== 1) throw new JsonError(`invalid lookup delim "${o.lookupDelim}" (must be a single char)`);
        break;
      case "-e": case "-E": o.exeSnippets.push(value(arg)); break;
      case "-c": case "-C": o.condSnippets.push(value(arg)); break;
      case "-M": case "--items": o.items = true; break;
      case "-k": case "--keys": o.outputKeys = true; break;
      case "-g": case "--group": o.group = true; break;
      case "--merge": o.merge = "shallow"; break;
      case "--deep-merge": o.merge = "deep"; break;
      case "-f": o.inputFiles.push(value("-f")); break;
      case "-n": case "--validate": o.validate = true; break;
      default:
        if (arg.length > 0 && arg[0] === "-") throw new JsonError(`unknown option "${arg}"`);
        o.args.push(arg);
    }
  }
  if (o.group && o.merge) throw new JsonError("cannot use -g|--group and --merge options together");
  if (o.outputKeys && o.args.length > 0) throw new JsonError("cannot use -k|--keys option and lookup arguments together");
  if (o.inPlace && o.inputFiles.length !== 1) throw new JsonError('must specify exactly one file with "-f FILE" to use -I/--in-place');
  if (o.inPlace && o.args.length > 0) throw new JsonError("lookups cannot be specified with in-place editing (-I/--in-place), too easy to lose content");
  return o;
}
