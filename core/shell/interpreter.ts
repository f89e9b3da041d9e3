// Executes the syntax tree. Every method takes the shell state (variables, options) and the fd table the
// command runs with; both are shared within one shell and cloned for subshells (`( )`, pipeline stages, `$( )`,
// `&`), which is what keeps a subshell's changes from leaking.
//
// Control flow uses exceptions (errors.ts): ExitSignal ends a shell (caught by inSubshell and runShell),
// ReturnSignal a function, LoopSignal a loop; ShellFatalError prints and exits; BrokenPipeError ends a pipeline
// stage with 141.
import type { AndOr, Command, List, Pipeline, Script } from "./ast.ts";
import { BrokenPipeError, ExitSignal, LoopSignal, ReturnSignal, ShellFatalError } from "./errors.ts";
import { expandFields, expandPattern, expandString, type ExpandContext } from "./expand.ts";
import { buffered, CaptureSink, EMPTY_SOURCE, writeFd, type FdTable } from "./io.ts";
import { parseOrError } from "./parser.ts";
import { matchesPattern } from "./pattern.ts";
import { Pipe } from "./pipe.ts";
import { applyRedirects } from "./redirect.ts";
import { runSimple } from "./simple.ts";
import type { ShellState } from "./state.ts";
import type { ShellHost } from "./types.ts";

const MAX_FUNCTION_DEPTH = 1000;
let nextJobId = 1000;

export interface InterpreterOptions {
  pipeCapacity?: number;
  /** Sees every pipe created (diagnostics and tests: `maxBuffered`). */
  onPipe?: (pipe: Pipe) => void;
  /**
   * Awaited before every loop iteration. A loop of builtins (`while :; do :; done`) runs no program, so no
   * fuel hook ever yields or stops it: hosts yield to the event loop here, and throw to end the shell.
   */
  tick?: () => Promise<void>;
}

export class Interpreter {
  constructor(readonly host: ShellHost, private readonly options: InterpreterOptions = {}) {}

  expandContext(sh: ShellState, fds: FdTable): ExpandContext {
    return { state: sh, commandSub: (body) => this.commandSub(body, sh, fds) };
  }

  async runScript(script: Script, sh: ShellState, fds: FdTable): Promise<number> {
    return this.runList(script.body, sh, fds);
  }

  /** `eval` and `.`: parse at run time; a syntax error is reported and yields 2 (as bash's eval does). */
  async runSource(source: string, sh: ShellState, fds: FdTable): Promise<number> {
    const parsed = parseOrError(source);
    if ("error" in parsed) {
      await this.report(fds, parsed.error);
      return (sh.status = 2);
    }
    return this.runList(parsed.script.body, sh, fds);
  }

  async runList(list: List, sh: ShellState, fds: FdTable): Promise<number> {
    let status = 0;
    for (const item of list.items) {
      if (item.background) {
        const child = sh.clone();
        const childFds: FdTable = new Map(fds);
        childFds.set(0, { mode: "r", source: buffered(EMPTY_SOURCE) }); // async commands read /dev/null
        sh.jobs.push(this.inSubshell(() => this.runAndOr(item.command, child, childFds), child, childFds));
        sh.lastBackground = String(nextJobId++);
        status = sh.status = 0;
      } else status = await this.runAndOr(item.command, sh, fds);
    }
    return status;
  }

  private async runAndOr(node: AndOr, sh: ShellState, fds: FdTable): Promise<number> {
    const last = node.rest.length;
    let status = await this.runPipeline(node.first, sh, fds, last > 0);
    let ranLast = last === 0;
    for (let i = 0; i < last; i++) {
      const { op, pipeline } = node.rest[i];
      if ((op === "&&") !== (status === 0)) continue;
      status = await this.runPipeline(pipeline, sh, fds, i < last - 1);
      ranLast = i === last - 1;
    }
    const lastNegated = (last === 0 ? node.first : node.rest[last - 1].pipeline).negated;
    if (status !== 0 && ranLast && !lastNegated && sh.options.errexit && sh.conditionDepth === 0) throw new ExitSignal(status);
    return status;
  }

  /** `isCondition`: the pipeline is followed by && or ||, so `set -e` must not fire inside it. */
  private async runPipeline(p: Pipeline, sh: ShellState, fds: FdTable, isCondition: boolean): Promise<number> {
    const exempt = isCondition || p.negated;
    if (exempt) sh.conditionDepth++;
    let status: number;
    try {
      status = p.commands.length === 1 ? await this.runCommand(p.commands[0], sh, fds) : await this.runStages(p, sh, fds);
    } finally {
      if (exempt) sh.conditionDepth--;
    }
    if (p.negated) status = status === 0 ? 1 : 0;
    return (sh.status = status);
  }

  /**
   * Stages run concurrently, each in a subshell, joined by bounded pipes. When a stage ends, its pipe writer is
   * closed (EOF downstream) and its pipe reader too (upstream writers get BrokenPipeError and stop).
   */
  private async runStages(p: Pipeline, sh: ShellState, fds: FdTable): Promise<number> {
    const n = p.commands.length;
    const pipes = Array.from({ length: n - 1 }, () => new Pipe(this.options.pipeCapacity));
    for (const pipe of pipes) this.options.onPipe?.(pipe);
    const statuses = await Promise.all(
      p.commands.map(async (command, i) => {
        const stageFds: FdTable = new Map(fds);
        if (i > 0) stageFds.set(0, { mode: "r", source: buffered(pipes[i - 1].reader) });
        if (i < n - 1) stageFds.set(1, { mode: "w", sink: pipes[i].writer });
        const child = sh.clone();
        try {
          return await this.inSubshell(() => this.runCommand(command, child, stageFds), child, stageFds);
        } finally {
          if (i < n - 1) await pipes[i].writer.close();
          if (i > 0) pipes[i - 1].reader.close();
        }
      }),
    );
    if (sh.options.pipefail) return [...statuses].reverse().find((s) => s !== 0) ?? 0;
    return statuses[n - 1];
  }

  /** Runs `body` as a subshell: every way of leaving it becomes an exit status. */
  async inSubshell(body: () => Promise<number>, child: ShellState, fds: FdTable): Promise<number> {
    try {
      return await body();
    } catch (e) {
      return this.statusOf(e, fds);
    } finally {
      await this.finishShell(child);
    }
  }

  /** Converts a signal or fatal error that ends a shell into its exit status; rethrows anything else. */
  async statusOf(e: unknown, fds: FdTable, topLevel = false): Promise<number> {
    if (e instanceof ExitSignal || e instanceof ReturnSignal) return e.status;
    if (e instanceof BrokenPipeError) return 141;
    if (e instanceof LoopSignal) return 0;
    if (e instanceof ShellFatalError) {
      await this.report(fds, e.message);
      return topLevel ? e.topLevelStatus : e.status;
    }
    throw e;
  }

  /** Waits for background jobs and closes files opened by `exec`. */
  async finishShell(sh: ShellState): Promise<void> {
    while (sh.jobs.length > 0) await Promise.all(sh.jobs.splice(0));
    for (const sink of sh.execOpened.splice(0)) await sink.close();
  }

  /** Writes `sh: message` to fd 2, ignoring a closed or broken stderr. */
  async report(fds: FdTable, message: string): Promise<void> {
    try {
      await writeFd(fds, 2, `sh: ${message}\n`);
    } catch {
      // nowhere left to report to
    }
  }

  async runCommand(cmd: Command, sh: ShellState, fds: FdTable): Promise<number> {
    if (cmd.type === "Simple") return runSimple(this, cmd, sh, fds);
    if (cmd.type === "Function") {
      sh.functions.set(cmd.name, cmd.body);
      return 0;
    }
    const redirected = await applyRedirects(cmd.redirects, sh, fds, this);
    if (redirected === null) return 1;
    try {
      return await this.runCompound(cmd, sh, redirected.fds);
    } finally {
      for (const sink of redirected.opened) await sink.close();
    }
  }

  private async runCompound(cmd: Exclude<Command, { type: "Simple" | "Function" }>, sh: ShellState, fds: FdTable): Promise<number> {
    switch (cmd.type) {
      case "Group":
        return this.runList(cmd.body, sh, fds);
      case "Subshell": {
        const child = sh.clone();
        const childFds: FdTable = new Map(fds);
        return this.inSubshell(() => this.runList(cmd.body, child, childFds), child, childFds);
      }
      case "If":
        for (const clause of cmd.clauses) {
          if ((await this.condition(clause.condition, sh, fds)) === 0) return this.runList(clause.body, sh, fds);
        }
        return cmd.elseBody === null ? 0 : this.runList(cmd.elseBody, sh, fds);
      case "For": {
        const items = cmd.items === null ? [...sh.positional] : await expandFields(cmd.items, this.expandContext(sh, fds));
        let status = 0;
        for (const item of items) {
          sh.set(cmd.variable, item);
          const step = await this.loopBody(cmd.body, sh, fds);
          status = sh.status;
          if (step === "break") break;
        }
        return status;
      }
      case "While": {
        let status = 0;
        while (((await this.condition(cmd.condition, sh, fds)) === 0) !== cmd.until) {
          const step = await this.loopBody(cmd.body, sh, fds);
          status = sh.status;
          if (step === "break") break;
        }
        return status;
      }
      case "Case": {
        const ctx = this.expandContext(sh, fds);
        const subject = await expandString(cmd.subject, ctx);
        for (const arm of cmd.arms) {
          for (const pattern of arm.patterns) {
            if (matchesPattern(subject, await expandPattern(pattern, ctx))) return this.runList(arm.body, sh, fds);
          }
        }
        return 0;
      }
    }
  }

  private async condition(list: List, sh: ShellState, fds: FdTable): Promise<number> {
    sh.conditionDepth++;
    try {
      return await this.runList(list, sh, fds);
    } finally {
      sh.conditionDepth--;
    }
  }

  /** Runs one iteration; `break N`/`continue N` with N > 1 are passed on to the enclosing loop. */
  private async loopBody(body: List, sh: ShellState, fds: FdTable): Promise<"next" | "break"> {
    await this.options.tick?.();
    sh.loopDepth++;
    try {
      await this.runList(body, sh, fds);
      return "next";
    } catch (e) {
      if (!(e instanceof LoopSignal)) throw e;
      if (e.levels > 1) throw new LoopSignal(e.kind, e.levels - 1);
      sh.status = 0;
      return e.kind === "break" ? "break" : "next";
    } finally {
      sh.loopDepth--;
    }
  }

  async callFunction(body: Command, argv: string[], sh: ShellState, fds: FdTable): Promise<number> {
    if (sh.functionDepth >= MAX_FUNCTION_DEPTH) throw new ShellFatalError(`${argv[0]}: maximum function nesting level exceeded (${MAX_FUNCTION_DEPTH})`, 1);
    const saved = sh.positional;
    sh.positional = argv.slice(1);
    sh.localFrames.push(new Map());
    sh.functionDepth++;
    try {
      return await this.runCommand(body, sh, fds);
    } catch (e) {
      if (e instanceof ReturnSignal) return e.status;
      throw e;
    } finally {
      sh.functionDepth--;
      sh.positional = saved;
      sh.popLocals();
    }
  }

  /** `$( )`: a subshell whose stdout is captured; trailing newlines are removed. */
  private async commandSub(body: List, sh: ShellState, fds: FdTable): Promise<string> {
    const child = sh.clone();
    const capture = new CaptureSink();
    const childFds: FdTable = new Map(fds);
    childFds.set(1, { mode: "w", sink: capture });
    sh.substitutionStatus = sh.status = await this.inSubshell(() => this.runList(body, child, childFds), child, childFds);
    return capture.text().replace(/\n+$/, "");
  }
}
