// A simple command: expand words, then assignments, then redirections (bash's order); then run a function,
// a builtin or a host program. `NAME=value cmd` sets NAME only for that command; without a command it sets a
// shell variable.
import type { SimpleCommand, Word } from "./ast.ts";
import { BUILTINS, type BuiltinRuntime } from "./builtins/index.ts";
import { BrokenPipeError } from "./errors.ts";
import { expandFields, expandString, type ExpandContext } from "./expand.ts";
import { BadFdError, sinkOf, sourceOf, type FdTable } from "./io.ts";
import type { Interpreter } from "./interpreter.ts";
import { applyRedirects } from "./redirect.ts";
import type { ShellState, Variable } from "./state.ts";

/** Builtins whose `NAME=value` arguments are not field-split (bash's declaration commands). */
const DECLARATIONS = new Set(["export", "local", "readonly", "declare"]);

export async function runSimple(interp: Interpreter, cmd: SimpleCommand, sh: ShellState, fds: FdTable): Promise<number> {
  const ctx = interp.expandContext(sh, fds);
  sh.substitutionStatus = null;
  const argv = await expandArguments(cmd.words, ctx);
  const assigned: [string, string][] = [];
  for (const a of cmd.assignments) {
    const value = await expandString(a.value, ctx);
    assigned.push([a.name, a.append ? (sh.get(a.name) ?? "") + value : value]);
  }

  if (argv.length === 0) {
    for (const [name, value] of assigned) sh.set(name, value);
    const redirected = await applyRedirects(cmd.redirects, sh, fds, interp); // still creates/truncates files
    if (redirected === null) return 1;
    for (const sink of redirected.opened) await sink.close();
    return sh.substitutionStatus ?? 0;
  }

  const redirected = await applyRedirects(cmd.redirects, sh, fds, interp);
  if (redirected === null) return 1;
  const name = argv[0];
  try {
    if (name === "exec" && argv.length === 1) {
      // `exec >file`: the redirections stay for the rest of this shell.
      for (const [fd, entry] of redirected.fds) fds.set(fd, entry);
      for (const fd of [...fds.keys()]) if (!redirected.fds.has(fd)) fds.delete(fd);
      sh.execOpened.push(...redirected.opened.splice(0));
      return 0;
    }
    const fn = sh.functions.get(name);
    if (fn !== undefined) return await withTemporary(sh, assigned, () => interp.callFunction(fn, argv, sh, redirected.fds));
    const builtin = BUILTINS[name];
    if (builtin !== undefined) {
      const rt: BuiltinRuntime = { host: interp.host, runSource: (src, s, f) => interp.runSource(src, s, f), finishJobs: (s) => interp.finishShell(s) };
      return await withTemporary(sh, assigned, () => runBuiltin(interp, name, redirected.fds, () => builtin({ argv, sh, fds: redirected.fds, rt })));
    }
    const env = sh.environment(Object.fromEntries(assigned));
    const io = { stdin: sourceOf(redirected.fds, 0), stdout: sinkOf(redirected.fds, 1), stderr: sinkOf(redirected.fds, 2) };
    try {
      return await interp.host.run(argv, env, io, sh.cwd);
    } catch (e) {
      if (e instanceof BrokenPipeError || !(e instanceof Error)) throw e;
      await interp.report(redirected.fds, `${name}: ${e.message}`);
      return 126;
    }
  } finally {
    for (const sink of redirected.opened) await sink.close();
  }
}

/** `export A=$x` keeps `$x` whole, as bash does for declaration builtins. */
async function expandArguments(words: Word[], ctx: ExpandContext): Promise<string[]> {
  if (words.length === 0) return [];
  const first = await expandFields([words[0]], ctx);
  if (first.length !== 1 || !DECLARATIONS.has(first[0])) return [...first, ...(await expandFields(words.slice(1), ctx))];
  const argv = [...first];
  for (const word of words.slice(1)) {
    const head = word.parts[0];
    if (head?.type === "Literal" && /^[A-Za-z_][A-Za-z0-9_]*=/.test(head.value)) argv.push(await expandString(word, ctx));
    else argv.push(...(await expandFields([word], ctx)));
  }
  return argv;
}

/** Prefix assignments are visible (and exported) only while a builtin or function runs. */
async function withTemporary(sh: ShellState, assigned: [string, string][], run: () => Promise<number>): Promise<number> {
  if (assigned.length === 0) return run();
  const saved = new Map<string, Variable | undefined>();
  for (const [name, value] of assigned) {
    if (!saved.has(name)) saved.set(name, sh.vars.has(name) ? { ...(sh.vars.get(name) as Variable) } : undefined);
    sh.vars.set(name, { value, exported: true });
  }
  try {
    return await run();
  } finally {
    for (const [name, v] of saved) {
      if (v === undefined) sh.vars.delete(name);
      else sh.vars.set(name, v);
    }
  }
}

async function runBuiltin(interp: Interpreter, name: string, fds: FdTable, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof BadFdError)) throw e;
    await interp.report(fds, `${name}: write error: Bad file descriptor`);
    return 1;
  }
}
