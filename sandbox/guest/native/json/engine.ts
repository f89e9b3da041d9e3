// One run of json over text that arrives in pieces: options and snippets compiled up front
// (a bad snippet fails before any input is read, as in json), then either json's streaming
// path (`-ga` without -j: each object handled as it comes) or the whole input at once.
// Output and warnings go to a sink synchronously; the Tool (json.ts) moves them to the
// task's streams, and runJson collects them for tests.
import { compile, SnippetError } from "./expr.ts";
import { ExprError } from "./expr-lex.ts";
import { LookupError, parseLookup } from "./lookup.ts";
import { JsonError, parseJsonArgv, type JsonOpts } from "./options.ts";
import { renderDatasets } from "./output.ts";
import { ChunkStream, parseInput, stripHeaders } from "./parse-input.ts";
import { processDatum, type Program } from "./process.ts";
import { syntaxDetail } from "./syntax-detail.ts";

export const VERSION = "11.0.0";

export interface Sink {
  out(text: string): void;
  warn(line: string): void;
}

/** The message for an error that ends the run: json's own, a snippet's, or a runtime one. */
export function describeError(e: unknown): string | null {
  if (e instanceof JsonError || e instanceof ExprError || e instanceof LookupError) return e.message;
  if (e instanceof SnippetError || e instanceof TypeError || e instanceof RangeError || e instanceof SyntaxError || e instanceof ReferenceError) return `${e.name}: ${e.message}`;
  return null;
}

export class JsonEngine {
  /** Set once json has decided its exit status; later input is ignored, as json exits there. */
  status: number | null = null;
  private readonly stream: ChunkStream | null;
  private readonly whole: string[] = [];

  constructor(
    readonly program: Program,
    private readonly sink: Sink,
    /** The -f file named in "is not JSON" errors, when there is exactly one. */
    private readonly filename?: string,
  ) {
    const o = program.opts;
    this.stream = o.group && o.array && o.outputMode !== "json"
      ? new ChunkStream((h) => o.dropHeaders || sink.out(h), (c) => this.chunk(c.text, c.parsed, "parsed" in c))
      : null;
  }

  /** Options, lookups and snippets from argv; or the exit status when json stops right there. */
  static prepare(argv: string[], sink: Sink): Program | number {
    let opts: JsonOpts;
    try {
      opts = parseJsonArgv(argv);
      if (opts.help) {
        sink.out(USAGE + HELP_OPTIONS);
        return 0;
      }
      if (opts.version) {
        sink.out(opts.outputMode === "json"
          ? JSON.stringify({ version: VERSION, author: "Trent Mick", project: "https://github.com/trentm/json" }, null, opts.jsonIndent) + "\n"
          : `json ${VERSION}\nwritten by Trent Mick\nhttps://github.com/trentm/json\n`);
        return 0;
      }
      const cond = opts.condSnippets.map(compile);
      const exe = opts.exeSnippets.map(compile);
      const lookups = opts.args.map((l) => parseLookup(l, opts.lookupDelim));
      return { opts, lookups, exe, cond };
    } catch (e) {
      const msg = describeError(e);
      if (msg === null) throw e;
      sink.warn(`json: error: ${msg}`);
      return 1;
    }
  }

  private wholeChars = 0;

  /** Characters held back: the whole input outside streaming mode, a partial line in it. */
  get buffered(): number {
    return this.stream ? this.stream.held : this.wholeChars;
  }

  feed(text: string): void {
    if (this.status !== null) return;
    this.wholeChars += this.stream ? 0 : text.length;
    this.guard(() => (this.stream ? this.stream.push(text) : this.whole.push(text)));
  }

  end(): number {
    if (this.status === null) {
      this.guard(() => {
        if (this.stream) return this.stream.end();
        const h = stripHeaders(this.whole.join(""));
        this.whole.length = 0;
        this.wholeChars = 0;
        if (h.headers && !this.program.opts.dropHeaders) this.sink.out(h.headers);
        this.chunk(h.rest, undefined, false);
      });
    }
    return this.status ?? 0;
  }

  private guard(f: () => void): void {
    try {
      f();
    } catch (e) {
      const msg = describeError(e);
      if (msg === null) throw e;
      this.sink.warn(`json: error: ${msg}`);
      this.status = 1;
    }
  }

  /** json's parseChunk: one document's text (and its value, when the splitter parsed it). */
  private chunk(text: string, parsed: unknown, isParsed: boolean): void {
    if (this.status !== null || !text.length) return;
    const { opts } = this.program;
    const input = isParsed ? { datum: parsed } : parseInput(text, opts.group, opts.merge);
    if ("error" in input) {
      if (!opts.quiet) this.sink.warn(`json: error: ${this.filename ? `"${this.filename}"` : "input"} is not JSON: ${syntaxDetail(text, input.error)}`);
      if (!opts.validate) this.sink.out(text.endsWith("\n") ? text : text + "\n");
      this.status = 1;
      return;
    }
    if (opts.validate) {
      this.status = 0;
      return;
    }
    this.sink.out(renderDatasets(processDatum(this.program, input.datum), opts));
  }
}

/** json over a whole input at once: the pure core the tests compare with the real json. */
export function runJson(argv: string[], input: string): { stdout: string; stderr: string; status: number } {
  let stdout = "";
  let stderr = "";
  const sink: Sink = { out: (t) => void (stdout += t), warn: (l) => void (stderr += l + "\n") };
  const program = JsonEngine.prepare(argv, sink);
  if (typeof program === "number") return { stdout, stderr, status: program };
  const engine = new JsonEngine(program, sink);
  engine.feed(input);
  const status = engine.end();
  return { stdout, stderr, status };
}

const USAGE = `Usage:
  <something generating JSON on stdout> | json [OPTIONS] [LOOKUPS...]
  json -f FILE [OPTIONS] [LOOKUPS...]

`;

/** json's help without its usage lines (the Tool runner prints its own usage line first). */
export const HELP_OPTIONS = `Pipe in your JSON for pretty-printing, JSON validation, filtering, and
modification. Supply LOOKUPS (foo.bar, foo.0, foo["a.b"]) to extract values.
-c and -e take a safe subset of JavaScript (see docs/toolbox.md), not full JS.

Options:
  -h, --help        Print this help info and exit.
  --version         Print version of this command and exit.
  -q, --quiet       Don't warn if input isn't valid JSON.
  -f FILE           File(s) to process instead of stdin.
  -I, --in-place    Edit the one -f FILE in place.
  -H                Drop any HTTP header block (as from \`curl -i ...\`).
  -g, --group       Group adjacent objects or arrays into an array.
  --merge           Merge adjacent objects into one; keys in the last win.
  --deep-merge      Same, recursing into objects under the same key.
  -a, --array       Process input as an array of separate inputs, tabular output.
  -A                Process input as one item (no item-by-item -e/-c on arrays).
  -d DELIM          Delimiter for tabular output (default " ").
  -D DELIM          Delimiter between lookup parts (default ".").
  -M, --items       Itemize an object into [{"key": K, "value": V}, ...].
  -e CODE           Execute CODE on the input (each item of an array).
  -c CODE           Keep the input (or items) for which CODE is true-ish.
  -k, --keys        Output the input object's keys.
  -n, --validate    Just validate the input (no output); with -q only the status.
  -o, --output MODE jsony (default), json, json-N, jsony-N, json-tab, inspect, compact.
  -i                Shortcut for \`-o inspect\`.
  -j                Shortcut for \`-o json\`.
  -0, -2, -4        Set indentation without setting MODE (-j0 => -o json-0).
`;
