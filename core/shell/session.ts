// An interactive shell: one ShellState kept across command lines, so `cd`, `export`, variables and functions
// set by one line are there for the next, as at a bash prompt. Each line is parsed and run like runShell's;
// `exit` ends the session instead of the line.
import type { Script } from "./ast.ts";
import { ExitSignal, ShellSyntaxError } from "./errors.ts";
import { Interpreter, type InterpreterOptions } from "./interpreter.ts";
import { buffered, type FdTable } from "./io.ts";
import { parse } from "./parser.ts";
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
    let script: Script;
    try {
      script = parse(source);
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      await io.stderr.write(encodeUtf8(`sh: syntax error: ${e.message} (at position ${e.position})\n`)).catch(() => {});
      return { status: (this.sh.status = 2), exit: false };
    }
    const fds: FdTable = new Map([
      [0, { mode: "r", source: buffered(io.stdin) }],
      [1, { mode: "w", sink: io.stdout }],
      [2, { mode: "w", sink: io.stderr }],
    ]);
    const interpreter = new Interpreter(host, this.options);
    try {
      return { status: (this.sh.status = await interpreter.runScript(script, this.sh, fds)), exit: false };
    } catch (e) {
      if (e instanceof ExitSignal) return { status: (this.sh.status = e.status), exit: true };
      return { status: (this.sh.status = await interpreter.statusOf(e, fds, true)), exit: false };
    } finally {
      await interpreter.finishShell(this.sh);
    }
  }
}
