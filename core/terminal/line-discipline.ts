/**
 * A terminal's canonical mode (what a pty's line discipline does for `bash` and
 * for a program reading the terminal), as a pure function of the bytes typed:
 * echo, backspace, Ctrl-U (kill line), Ctrl-W (kill word), Ctrl-C (interrupt),
 * Ctrl-D (end of file on an empty line, else hand over what was typed), and —
 * at the shell's prompt only — up/down through the history. The client sends
 * raw keystrokes (mlogin puts the local terminal in raw mode), so everything a
 * user sees of their own typing comes from here.
 */

export type TtyEvent =
  | { kind: "echo"; text: string } // write to the screen as is
  | { kind: "line"; text: string; newline: boolean } // a cooked line (Enter), or what Ctrl-D handed over
  | { kind: "eof" } // Ctrl-D on an empty line
  | { kind: "interrupt" }; // Ctrl-C

const ERASE = "\b \b";
const MAX_HISTORY = 500;

export class LineDiscipline {
  /** Up/down walk the history (set while the shell waits at its prompt). */
  historyEnabled = true;
  private chars: string[] = [];
  private history: string[] = [];
  private historyAt = 0; // == history.length: the line being typed
  private draft = ""; // what was typed before walking into the history
  private escape: string | null = null; // an escape sequence being read
  private lastWasCr = false;
  private readonly decoder = new TextDecoder();

  /** Feeds typed bytes; returns what to echo and what was cooked, in order. */
  feed(bytes: Uint8Array): TtyEvent[] {
    const out: TtyEvent[] = [];
    const echo = (text: string) => {
      const last = out[out.length - 1];
      if (last?.kind === "echo") last.text += text;
      else if (text) out.push({ kind: "echo", text });
    };
    for (const ch of this.decoder.decode(bytes, { stream: true })) {
      const wasCr = this.lastWasCr;
      this.lastWasCr = ch === "\r";
      if (this.escape !== null) {
        this.readEscape(ch, echo);
        continue;
      }
      switch (ch) {
        case "\r":
        case "\n": {
          if (ch === "\n" && wasCr) break; // CR LF from a client: one Enter
          const text = this.chars.join("");
          this.chars = [];
          this.historyAt = this.history.length;
          echo("\r\n");
          out.push({ kind: "line", text, newline: true });
          break;
        }
        case "\x7f":
        case "\b":
          if (this.chars.pop() !== undefined) echo(ERASE);
          break;
        case "\x15": // Ctrl-U
          echo(ERASE.repeat(this.chars.length));
          this.chars = [];
          break;
        case "\x17": {
          // Ctrl-W: the blanks before the cursor, then the word
          let n = 0;
          while (this.chars.length && /\s/.test(this.chars[this.chars.length - 1]!)) (this.chars.pop(), n++);
          while (this.chars.length && !/\s/.test(this.chars[this.chars.length - 1]!)) (this.chars.pop(), n++);
          echo(ERASE.repeat(n));
          break;
        }
        case "\x03": // Ctrl-C
          this.chars = [];
          this.historyAt = this.history.length;
          echo("^C\r\n");
          out.push({ kind: "interrupt" });
          break;
        case "\x04": // Ctrl-D
          if (this.chars.length === 0) out.push({ kind: "eof" });
          else {
            out.push({ kind: "line", text: this.chars.join(""), newline: false });
            this.chars = [];
          }
          break;
        case "\x1b":
          this.escape = "";
          break;
        default:
          if (ch === "\t" || ch >= " ") {
            this.chars.push(ch);
            echo(ch);
          }
      }
    }
    return out;
  }

  /** Adds a line the shell ran to the history (blank lines and repeats are not kept). */
  remember(line: string): void {
    if (line.trim() && this.history[this.history.length - 1] !== line) this.history.push(line);
    if (this.history.length > MAX_HISTORY) this.history.shift();
    this.historyAt = this.history.length;
  }

  /** CSI and SS3 sequences end at a byte in @..~; only up and down mean something here. */
  private readEscape(ch: string, echo: (text: string) => void): void {
    const seq = (this.escape ?? "") + ch;
    this.escape = seq;
    if (seq === "[" || seq === "O") return;
    if ((seq.startsWith("[") || seq.startsWith("O")) && !/[@-~]$/.test(seq.slice(1))) return;
    this.escape = null;
    if (seq === "[A" || seq === "OA") this.walk(-1, echo);
    else if (seq === "[B" || seq === "OB") this.walk(1, echo);
  }

  private walk(step: number, echo: (text: string) => void): void {
    if (!this.historyEnabled) return;
    const to = this.historyAt + step;
    if (to < 0 || to > this.history.length) return;
    if (this.historyAt === this.history.length) this.draft = this.chars.join("");
    this.historyAt = to;
    const text = to === this.history.length ? this.draft : this.history[to]!;
    echo(ERASE.repeat(this.chars.length) + text);
    this.chars = [...text];
  }
}

/** A pty's ONLCR: programs write `\n`, the terminal needs `\r\n`. */
export function onlcr(bytes: Uint8Array): Uint8Array {
  let n = 0;
  for (const b of bytes) if (b === 0x0a) n++;
  if (n === 0) return bytes;
  const out = new Uint8Array(bytes.length + n);
  let j = 0;
  for (const b of bytes) {
    if (b === 0x0a) out[j++] = 0x0d;
    out[j++] = b;
  }
  return out;
}
