// Variables, functions and options of one shell. A subshell (`( )`, a pipeline stage, `$( )`, `&`) works on a
// clone, which is why nothing it changes leaks back.
import type { Command } from "./ast.ts";

export interface Variable {
  value: string;
  exported: boolean;
}

export interface Options {
  errexit: boolean; // set -e
  nounset: boolean; // set -u
  pipefail: boolean; // set -o pipefail
}

/** `$$`: there are no processes, so every shell reports the same id. */
export const SHELL_PID = "4242";

export class ShellState {
  vars = new Map<string, Variable>();
  exportOnSet = new Set<string>();
  functions = new Map<string, Command>();
  positional: string[] = [];
  status = 0; // $?
  lastBackground = ""; // $!
  options: Options = { errexit: false, nounset: false, pipefail: false };
  /** One frame per active function call: the values `local` shadowed, restored on return. */
  localFrames: Map<string, Variable | undefined>[] = [];
  /** Background jobs started by this shell (`&`), awaited by `wait` and at exit. */
  jobs: Promise<number>[] = [];
  /** Sinks opened by `exec >file`, closed when the shell ends. */
  execOpened: { close(): Promise<void> }[] = [];

  /** The status of the last `$( )` in the current simple command (an assignment-only command returns it). */
  substitutionStatus: number | null = null;
  /** > 0 while running a condition (`if`, `while`, `!`, left of `&&`/`||`): `set -e` does not fire there. */
  conditionDepth = 0;
  functionDepth = 0; // function calls and `.` scripts: where `return` is allowed
  loopDepth = 0; // enclosing for/while/until: how far `break N` can reach

  constructor(public cwd: string) {}

  static fromEnv(env: Record<string, string>, cwd: string): ShellState {
    const state = new ShellState(cwd);
    for (const [name, value] of Object.entries(env)) state.vars.set(name, { value, exported: true });
    state.vars.set("PWD", { value: cwd, exported: true });
    if (!state.vars.has("IFS")) state.vars.set("IFS", { value: " \t\n", exported: false });
    return state;
  }

  get(name: string): string | undefined {
    return this.vars.get(name)?.value;
  }

  set(name: string, value: string): void {
    const existing = this.vars.get(name);
    if (existing !== undefined) existing.value = value;
    else this.vars.set(name, { value, exported: this.exportOnSet.delete(name) });
  }

  exportVar(name: string, value?: string): void {
    const existing = this.vars.get(name);
    if (existing !== undefined) {
      existing.exported = true;
      if (value !== undefined) existing.value = value;
    } else if (value !== undefined) this.vars.set(name, { value, exported: true });
    else this.exportOnSet.add(name); // `export A` before A exists: exported once it is set
  }

  unset(name: string): void {
    this.vars.delete(name);
  }

  /** Declares `name` local to the innermost function call. */
  declareLocal(name: string): void {
    const frame = this.localFrames[this.localFrames.length - 1];
    if (frame === undefined || frame.has(name)) return;
    const saved = this.vars.get(name);
    frame.set(name, saved === undefined ? undefined : { ...saved });
    this.vars.set(name, { value: "", exported: saved?.exported ?? false });
  }

  popLocals(): void {
    const frame = this.localFrames.pop();
    if (frame === undefined) return;
    for (const [name, saved] of frame) {
      if (saved === undefined) this.vars.delete(name);
      else this.vars.set(name, saved);
    }
  }

  /** Exported variables, plus per-command assignments (`FOO=bar cmd`). */
  environment(extra: Record<string, string> = {}): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [name, v] of this.vars) if (v.exported) env[name] = v.value;
    return { ...env, ...extra };
  }

  clone(): ShellState {
    const copy = new ShellState(this.cwd);
    for (const [name, v] of this.vars) copy.vars.set(name, { ...v });
    copy.exportOnSet = new Set(this.exportOnSet);
    copy.functions = new Map(this.functions);
    copy.positional = [...this.positional];
    copy.status = this.status;
    copy.lastBackground = this.lastBackground;
    copy.options = { ...this.options };
    copy.conditionDepth = this.conditionDepth;
    copy.functionDepth = this.functionDepth;
    copy.loopDepth = this.loopDepth;
    copy.localFrames = this.localFrames.map(() => new Map()); // still "in a function", nothing to restore
    return copy;
  }
}
