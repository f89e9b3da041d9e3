// Why input is not JSON, in json's words. json parses with the runtime's JSON.parse but, for
// the error, re-parses with Crockford's json_parse.js to get its messages ("Bad string",
// "Expected ',' instead of '}'", "Duplicate key ...") and the position of the fault. This is
// that parser's state machine as a validator (it builds no values), so the messages and the
// reported positions match json's exactly.

interface Fault {
  message: string;
  at: number;
}

const ESCAPEE: Readonly<Record<string, string>> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

class Validator {
  private at = 0;
  private ch = " ";
  constructor(private readonly text: string) {}

  private error(message: string): never {
    throw { message, at: this.at } satisfies Fault;
  }
  /** The current character; a method, so checks made before next() don't narrow it after. */
  private cur(): string {
    return this.ch;
  }
  private next(c?: string): string {
    if (c && c !== this.cur()) this.error(`Expected '${c}' instead of '${this.cur()}'`);
    this.ch = this.text.charAt(this.at);
    this.at += 1;
    return this.ch;
  }
  private white(): void {
    while (this.cur() && this.cur() <= " ") this.next();
  }
  private number(): void {
    let s = "";
    if (this.cur() === "-") {
      s = "-";
      this.next("-");
    }
    while (this.cur() >= "0" && this.cur() <= "9") {
      s += this.cur();
      this.next();
    }
    if (this.cur() === ".") {
      s += ".";
      while (this.next() && this.cur() >= "0" && this.cur() <= "9") s += this.cur();
    }
    if (this.cur() === "e" || this.cur() === "E") {
      s += this.cur();
      this.next();
      if (this.cur() === "-" || this.cur() === "+") {
        s += this.cur();
        this.next();
      }
      while (this.cur() >= "0" && this.cur() <= "9") {
        s += this.cur();
        this.next();
      }
    }
    if (!isFinite(+s)) this.error("Bad number");
  }
  private string(): string {
    let s = "";
    if (this.cur() === '"') {
      while (this.next()) {
        if (this.cur() === '"') {
          this.next();
          return s;
        } else if (this.cur() === "\\") {
          this.next();
          if (this.cur() === "u") {
            let code = 0;
            for (let i = 0; i < 4; i++) {
              const hex = parseInt(this.next(), 16);
              if (!isFinite(hex)) break;
              code = code * 16 + hex;
            }
            s += String.fromCharCode(code);
          } else if (Object.hasOwn(ESCAPEE, this.cur())) s += ESCAPEE[this.cur()];
          else break;
        } else s += this.cur();
      }
    }
    this.error("Bad string");
  }
  private word(): void {
    const words: Record<string, string> = { t: "true", f: "false", n: "null" };
    const w = words[this.cur()];
    if (w === undefined) this.error(`Unexpected '${this.cur()}'`);
    for (const c of w) this.next(c);
  }
  /** `open item (, item)* close` — an array or an object; anything else is `what`. */
  private sequence(open: string, close: string, item: () => void, what: string): void {
    if (this.cur() === open) {
      this.next(open);
      this.white();
      if (this.cur() === close) {
        this.next(close);
        return;
      }
      while (this.cur()) {
        item();
        this.white();
        if (this.cur() === close) {
          this.next(close);
          return;
        }
        this.next(",");
        this.white();
      }
    }
    this.error(what);
  }
  private array(): void {
    this.sequence("[", "]", () => this.value(), "Bad array");
  }
  private object(): void {
    const keys = new Set<string>();
    const member = () => {
      const key = this.string();
      this.white();
      this.next(":");
      if (keys.has(key)) this.error(`Duplicate key "${key}"`);
      keys.add(key);
      this.value();
    };
    this.sequence("{", "}", member, "Bad object");
  }
  value(): void {
    this.white();
    if (this.cur() === "{") this.object();
    else if (this.cur() === "[") this.array();
    else if (this.cur() === '"') this.string();
    else if (this.cur() === "-" || (this.cur() >= "0" && this.cur() <= "9")) this.number();
    else this.word();
  }
  all(): void {
    this.value();
    this.white();
    if (this.cur()) this.error("Syntax error");
  }
}

/** The fault json_parse finds in `text`, or null if it accepts it. */
function fault(text: string): Fault | null {
  try {
    new Validator(text).all();
    return null;
  } catch (e) {
    if (typeof e === "object" && e !== null && "at" in e) return e as Fault;
    throw e;
  }
}

/** json's detail for "input is not JSON": message, line, column and a caret under the spot. */
export function syntaxDetail(chunk: string, parseError: unknown): string {
  // json normalises only the first line ending before re-parsing (a `replace` without /g).
  const f = fault(chunk.replace(/\r\n|\n|\r/, "\n"));
  if (f === null) return parseError instanceof Error ? `${parseError.name}: ${parseError.message}` : String(parseError);
  const at = f.at - 1;
  const lines = chunk.split("\n");
  let line = 0;
  let col = NaN;
  let pos = 0;
  for (; line < lines.length; line++) {
    pos += lines[line]!.length + 1;
    if (pos > at) {
      col = at - (pos - lines[line]!.length - 1);
      break;
    }
  }
  const dots = ".".repeat(Number.isNaN(col) ? 0 : col);
  return `${f.message} at line ${line + 1}, column ${col + 1}:\n        ${lines[line]}\n        ${dots}^`;
}
