// Turning json's input text into documents: the leading HTTP header block (`curl -i`),
// -g grouping of adjacent objects/arrays, --merge, and the streaming splitter json uses for
// `-ga` (one object per line, processed as it arrives). Same regexes and rules as json.js.

export type Parsed = { datum: unknown } | { error: unknown };

const isHttp = (s: string) => s.slice(0, 5) === "HTTP/";

/**
 * Takes the HTTP header block(s) off the front of `s`: a `100 Continue` block is followed
 * by the real one. `complete` is false while a header block has not ended yet.
 */
export function stripHeaders(s: string): { headers: string; rest: string; complete: boolean } {
  let headers = "";
  while (isHttp(s)) {
    let index = s.indexOf("\r\n\r\n");
    let sepLen = 4;
    if (index === -1) {
      index = s.indexOf("\n\n");
      sepLen = 2;
    }
    if (index === -1) return { headers, rest: s, complete: false };
    headers += s.slice(0, index + sepLen);
    const isContinue = s.slice(0, 21) === "HTTP/1.1 100 Continue";
    s = s.slice(index + sepLen);
    if (!isContinue) break;
  }
  return { headers, rest: s, complete: true };
}

const OBJECT_BREAKS = [/(})\s*\n\s*({)/g, /(})({")/g];

/** Joins adjacent top-level objects (newline or nothing between) with commas. */
function joinObjects(buffer: string): string {
  for (const pat of OBJECT_BREAKS) buffer = buffer.replace(pat, "$1,\n$2");
  return buffer;
}

function parse(text: string): Parsed {
  try {
    return { datum: JSON.parse(text) };
  } catch (error) {
    return { error };
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return Object.prototype.toString.call(v) === "[object Object]";
}

function deepExtend(a: Record<string, unknown>, b: Record<string, unknown>): void {
  for (const k of Object.keys(b)) {
    const av = Object.hasOwn(a, k) ? a[k] : undefined;
    if (av && b[k] && isPlainObject(av) && isPlainObject(b[k])) deepExtend(av, b[k]);
    else Object.defineProperty(a, k, { value: b[k], writable: true, enumerable: true, configurable: true });
  }
}

/** json's parseInput: plain JSON, or -g grouping into one array, or --merge of objects. */
export function parseInput(buffer: string, group: boolean, merge: "shallow" | "deep" | null): Parsed {
  if (group) {
    // Objects may be separated by a newline or by nothing; arrays only by a newline
    // (`][` without one is not safe: trentm/json#55). Arrays are concatenated.
    let b = joinObjects(buffer).replace(/(\])\s*\n\s*(\[)/g, ",\n").trim();
    if (b[0] !== "[") b = "[\n" + b;
    if (b.slice(-1) !== "]") b = b + "\n]\n";
    return parse(b);
  }
  if (merge) {
    const all = parse("[\n" + joinObjects(buffer) + "\n]\n");
    if (!("datum" in all)) return all;
    const objs = all.datum as Record<string, unknown>[];
    const merged = objs[0];
    for (const obj of objs.slice(1)) {
      if (merge === "deep") deepExtend(merged as Record<string, unknown>, obj);
      else for (const k of Object.keys(obj)) Object.defineProperty(merged, k, { value: obj[k], writable: true, enumerable: true, configurable: true });
    }
    return { datum: merged };
  }
  return parse(buffer);
}

/** A document for processing: its text, and the value when the splitter already parsed it. */
export interface Chunk {
  text: string;
  parsed?: unknown;
}

const SPLITTER = /(})(\s*\n\s*)?({\s*")/;

/**
 * json's streaming input for `-ga`: while the input is a series of objects, each complete
 * one (ending at a `}` that a newline and a `{"` follow) is handed on as soon as it is in;
 * input that does not start with `{` is collected and handed on whole at the end.
 */
export class ChunkStream {
  private streaming = true;
  private collected: string[] = [];
  private leftover = "";
  private headersDone = false;

  constructor(
    private readonly onHeaders: (headers: string) => void,
    private readonly onChunk: (c: Chunk) => void,
  ) {}

  /** Characters waiting: a partial object, or all input once it turned out not to be objects. */
  get held(): number {
    return this.leftover.length + this.collected.reduce((n, c) => n + c.length, 0);
  }

  push(data: string): void {
    let s = this.leftover + data;
    if (!this.headersDone) {
      const h = stripHeaders(s);
      if (h.headers) this.onHeaders(h.headers);
      s = h.rest;
      this.headersDone = h.complete;
    }
    if (!this.headersDone) this.leftover = s;
    else if (!this.streaming) this.collected.push(data);
    else if (data.lastIndexOf("\n") >= 0) this.leftover = this.split(s);
    else this.leftover = s;
  }

  end(): void {
    if (this.streaming && this.leftover) {
      this.leftover = this.split(this.leftover);
      this.onChunk({ text: this.leftover });
    }
    // json.js loses input that turns out at the very end not to be objects (it had set
    // the collected text aside and no longer looks at it): `printf '[1]' | json -ga` prints
    // nothing. Handing it on is the evident intent.
    if (!this.streaming) this.onChunk({ text: this.collected.join("") });
  }

  private split(block: string): string {
    const trimmed = block.trimStart();
    if (trimmed && trimmed[0] !== "{") {
      this.streaming = false;
      this.collected.push(block);
      return "";
    }
    const bits = block.split(SPLITTER);
    if (bits.length === 1) {
      // Perhaps one complete object: hand it on now rather than wait for the next one.
      const firstLine = block.split(/\s*\r?\n/)[0]!;
      if (firstLine[firstLine.length - 1] === "}") {
        const p = parse(block);
        if ("datum" in p && p.datum !== undefined) {
          this.onChunk({ text: block, parsed: p.datum });
          return "";
        }
      }
      return block;
    }
    // bits: [obj, "}", sep, '{"', rest, "}", sep, '{"', ..., tail]: re-join around the cuts.
    const n = bits.length - 2;
    const emit = (s: string) => {
      const p = parse(s);
      // json would die on a cut inside a string value; this hands it on to report as not JSON.
      this.onChunk("datum" in p ? { text: s, parsed: p.datum } : { text: s });
    };
    emit(bits[0]! + bits[1]!);
    for (let i = 3; i < n; i += 4) emit(bits[i]! + bits[i + 1]! + bits[i + 2]!);
    return bits[n]! + bits[n + 1]!;
  }
}
