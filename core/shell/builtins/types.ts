// What a builtin sees: its arguments, the shell it runs in, its fds, and a narrow view of the interpreter.
import { writeFd, type FdTable } from "../io.ts";
import type { ShellState } from "../state.ts";
import type { ShellHost } from "../types.ts";

export interface BuiltinRuntime {
  host: ShellHost;
  /** Parses and runs shell text in `sh` (eval, `.`). */
  runSource(source: string, sh: ShellState, fds: FdTable): Promise<number>;
  /** Waits for the shell's background jobs (wait). */
  finishJobs(sh: ShellState): Promise<void>;
}

export interface BuiltinContext {
  argv: string[];
  sh: ShellState;
  fds: FdTable;
  rt: BuiltinRuntime;
}

export type Builtin = (ctx: BuiltinContext) => Promise<number>;

export function out(ctx: BuiltinContext, text: string): Promise<void> {
  return writeFd(ctx.fds, 1, text);
}

/** `sh: name: message` on stderr; returns `status` so callers can `return fail(...)`. */
export async function fail(ctx: BuiltinContext, message: string, status = 1): Promise<number> {
  try {
    await writeFd(ctx.fds, 2, `sh: ${ctx.argv[0]}: ${message}\n`);
  } catch {
    // stderr closed: the status still tells
  }
  return status;
}

export const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
