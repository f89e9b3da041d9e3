// An interactive shell: one ShellState kept across command lines, so `cd`, `export`, variables and functions
// set by one line are there for the next, as at a bash prompt. Each line is parsed and run like runShell's;
// `exit` ends the session instead of the line.
import { ExitSignal } from "./errors.ts";
import { Interpreter, type InterpreterOptions } from "./interpreter.ts";
import { stdioFds } from "./io.ts";
import { parseOrError } from "./parser.ts";
import { ShellState } from "./state.ts";
import type { ShellHost, StageIO } from "./types.ts";
import { encodeUtf8 } from "./utf8.ts";

export interface LineResult {
  status: number;
  /** The line ran `exit`: the session is over. */
  exit: boolean;
}

export class ShellSession {
  private readonly sh: ShellState;

  constructor(env: Record<string, string>, cwd = "/", private readonly options: InterpreterOptions = {}) {
    this.sh = ShellState.fromEnv(env, cwd);
  }

  /** `$?`, e.g. 130 after an interrupted line. */
  get status(): number {
    return this.sh.status;
  }

  set status(value: number) {
    this.sh.status = value;
  }

  /** Sets and exports a variable, as the terminal does for COLUMNS and LINES. */
  export(name: string, value: string): void {
    this.sh.exportVar(name, value);
  }

  async run(source: string, host: ShellHost, io: StageIO): Promise<LineResult> {
    const parsed = parseOrError(source);
    if ("error" in parsed) {
      await io.stderr.write(encodeUtf8(`sh: ${parsed.error}\n`)).catch(() => {});
      return { status: (this.sh.status = 2), exit: false };
    }
    const fds = stdioFds(io);
    const interpreter = new Interpreter(host, this.options);
    try {
      return { status: (this.sh.status = await interpreter.runScript(parsed.script, this.sh, fds)), exit: false };
    } catch (e) {
      if (e instanceof ExitSignal) return { status: (this.sh.status = e.status), exit: true };
      return { status: (this.sh.status = await interpreter.statusOf(e, fds, true)), exit: false };
    } finally {
      await interpreter.finishShell(this.sh);
    }
  }
}
