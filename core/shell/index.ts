// Public API of Mobula's shell: Manta runs each job's `exec` as `bash -c <line>`; Mobula runs the line here,
// with every external program delegated to a ShellHost (the WASI sandbox). See docs/design/shell.md.
import { Interpreter, type InterpreterOptions } from "./interpreter.ts";
import { stdioFds } from "./io.ts";
import { parse, parseOrError } from "./parser.ts";
import { ShellState } from "./state.ts";
import type { RunShellOptions } from "./types.ts";
import { encodeUtf8 } from "./utf8.ts";

export type * from "./ast.ts";
export type { ByteSink, ByteSource, RunShellOptions, ShellHost, StageIO } from "./types.ts";
export { BrokenPipeError, ShellSyntaxError } from "./errors.ts";
export { DEFAULT_PIPE_CAPACITY, Pipe } from "./pipe.ts";
export { parse };
export { ShellSession, type LineResult } from "./session.ts";

/**
 * Parses and runs `source` like `bash -c source`; resolves with the exit status. A syntax error prints
 * `sh: syntax error: <what> (at position N)` and yields 2 before anything runs. `io` belongs to the caller:
 * runShell never closes it. Background jobs (`&`) are awaited before it resolves.
 */
export async function runShell(source: string, opts: RunShellOptions & InterpreterOptions): Promise<number> {
  const parsed = parseOrError(source);
  if ("error" in parsed) {
    await opts.io.stderr.write(encodeUtf8(`sh: ${parsed.error}\n`)).catch(() => {});
    return 2;
  }
  const fds = stdioFds(opts.io);
  const sh = ShellState.fromEnv(opts.env, opts.cwd ?? "/");
  const interpreter = new Interpreter(opts.host, { pipeCapacity: opts.pipeCapacity, onPipe: opts.onPipe, tick: opts.tick });
  try {
    return await interpreter.runScript(parsed.script, sh, fds);
  } catch (e) {
    return await interpreter.statusOf(e, fds, true); // exit, fatal errors, and 141 for a broken stdout
  } finally {
    await interpreter.finishShell(sh);
  }
}
