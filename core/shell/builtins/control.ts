// Builtins for control flow and the process-like state: : true false exit return break continue eval . exec
// wait cd pwd.
import { ExitSignal, LoopSignal, ReturnSignal } from "../errors.ts";
import { sinkOf, sourceOf } from "../io.ts";
import { decodeUtf8 } from "../utf8.ts";
import { fail, out, type Builtin } from "./types.ts";

export const trueBuiltin: Builtin = async () => 0;
export const falseBuiltin: Builtin = async () => 1;

function statusArgument(arg: string): number | null {
  return /^\s*[-+]?[0-9]+\s*$/.test(arg) ? Number(BigInt.asUintN(8, BigInt(arg.trim()))) : null;
}

export const exit: Builtin = async (ctx) => {
  if (ctx.argv.length > 2) return fail(ctx, "too many arguments");
  if (ctx.argv.length === 1) throw new ExitSignal(ctx.sh.status);
  const status = statusArgument(ctx.argv[1]);
  if (status === null) {
    await fail(ctx, `${ctx.argv[1]}: numeric argument required`);
    throw new ExitSignal(2);
  }
  throw new ExitSignal(status);
};

export const returnBuiltin: Builtin = async (ctx) => {
  if (ctx.sh.functionDepth === 0) return fail(ctx, "can only `return' from a function or sourced script");
  const status = ctx.argv[1] === undefined ? ctx.sh.status : statusArgument(ctx.argv[1]);
  if (status === null) return fail(ctx, `${ctx.argv[1]}: numeric argument required`, 2);
  throw new ReturnSignal(status);
};

function loopControl(kind: "break" | "continue"): Builtin {
  return async (ctx) => {
    const levels = ctx.argv[1] === undefined ? 1 : Number(ctx.argv[1]);
    if (!Number.isInteger(levels) || levels < 1) return fail(ctx, `${ctx.argv[1]}: loop count out of range`);
    if (ctx.sh.loopDepth === 0) return fail(ctx, "only meaningful in a `for', `while', or `until' loop", 0);
    throw new LoopSignal(kind, Math.min(levels, ctx.sh.loopDepth));
  };
}
export const breakBuiltin = loopControl("break");
export const continueBuiltin = loopControl("continue");

export const evalBuiltin: Builtin = async (ctx) => ctx.rt.runSource(ctx.argv.slice(1).join(" "), ctx.sh, ctx.fds);

/** `. file [args]`: runs the file's text in this shell; `return` ends it. */
export const source: Builtin = async (ctx) => {
  const path = ctx.argv[1];
  if (path === undefined) return fail(ctx, "filename argument required", 2);
  let text: string;
  try {
    const input = await ctx.rt.host.openRead(path, ctx.sh.cwd);
    const chunks: Uint8Array[] = [];
    for (let c = await input.read(65536); c !== null; c = await input.read(65536)) chunks.push(c.slice());
    const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    chunks.reduce((at, c) => (all.set(c, at), at + c.length), 0);
    text = decodeUtf8(all);
  } catch (e) {
    return fail(ctx, `${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const { sh } = ctx;
  const saved = sh.positional;
  if (ctx.argv.length > 2) sh.positional = ctx.argv.slice(2);
  sh.functionDepth++;
  try {
    return await ctx.rt.runSource(text, sh, ctx.fds);
  } catch (e) {
    if (e instanceof ReturnSignal) return e.status;
    throw e;
  } finally {
    sh.functionDepth--;
    if (ctx.argv.length > 2) sh.positional = saved;
  }
};

/** `exec cmd args`: run the program, then end the shell with its status. (`exec` + redirections: simple.ts.) */
export const exec: Builtin = async (ctx) => {
  const io = { stdin: sourceOf(ctx.fds, 0), stdout: sinkOf(ctx.fds, 1), stderr: sinkOf(ctx.fds, 2) };
  throw new ExitSignal(await ctx.rt.host.run(ctx.argv.slice(1), ctx.sh.environment(), io, ctx.sh.cwd));
};

export const wait: Builtin = async (ctx) => {
  await ctx.rt.finishJobs(ctx.sh);
  return 0;
};

/** cd has no way to check that a directory exists (the host offers no stat), so it only rewrites paths. */
export const cd: Builtin = async (ctx) => {
  const { sh } = ctx;
  let target = ctx.argv[1] ?? sh.get("HOME");
  if (target === undefined) return fail(ctx, "HOME not set");
  if (target === "-") {
    target = sh.get("OLDPWD") ?? "";
    if (target === "") return fail(ctx, "OLDPWD not set");
    await out(ctx, target + "\n");
  }
  const next = resolvePath(sh.cwd, target);
  sh.set("OLDPWD", sh.cwd);
  sh.set("PWD", next);
  sh.cwd = next;
  return 0;
};

export const pwd: Builtin = async (ctx) => {
  await out(ctx, ctx.sh.cwd + "\n");
  return 0;
};

export function resolvePath(cwd: string, path: string): string {
  const segments = path.startsWith("/") ? [] : cwd.split("/");
  for (const s of path.split("/")) {
    if (s === "" || s === ".") continue;
    if (s === "..") segments.pop();
    else segments.push(s);
  }
  return "/" + segments.filter((s) => s !== "").join("/");
}
