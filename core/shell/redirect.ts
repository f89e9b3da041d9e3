// Applies redirections left to right to a copy of the fd table, so `>f 2>&1` and `2>&1 >f` differ as in bash.
// A failure (missing file, bad fd, ambiguous target) is reported as `sh: …` and the command does not run.
import type { Redirect, Word } from "./ast.ts";
import { BrokenPipeError, ShellFatalError } from "./errors.ts";
import { expandFields, expandString, type ExpandContext } from "./expand.ts";
import { buffered, sourceFromBytes, type Fd, type FdTable } from "./io.ts";
import type { ShellState } from "./state.ts";
import type { ByteSink, ShellHost } from "./types.ts";
import { encodeUtf8 } from "./utf8.ts";

export interface RedirectRuntime {
  host: ShellHost;
  expandContext(sh: ShellState, fds: FdTable): ExpandContext;
  report(fds: FdTable, message: string): Promise<void>;
}

class RedirectError extends Error {}

export interface Redirected {
  fds: FdTable;
  opened: ByteSink[]; // to close when the command ends
}

/** Returns null (after reporting) if a redirection failed. With no redirections, the table itself is returned. */
export async function applyRedirects(redirects: Redirect[], sh: ShellState, fds: FdTable, rt: RedirectRuntime): Promise<Redirected | null> {
  if (redirects.length === 0) return { fds, opened: [] };
  const table: FdTable = new Map(fds);
  const opened: ByteSink[] = [];
  const ctx = rt.expandContext(sh, fds);
  try {
    for (const r of redirects) await applyOne(r, table, opened, sh, ctx, rt.host);
    return { fds: table, opened };
  } catch (e) {
    for (const sink of opened) await sink.close().catch(() => {});
    if (e instanceof ShellFatalError || e instanceof BrokenPipeError || !(e instanceof Error)) throw e;
    await rt.report(fds, e.message);
    return null;
  }
}

async function applyOne(r: Redirect, table: FdTable, opened: ByteSink[], sh: ShellState, ctx: ExpandContext, host: ShellHost): Promise<void> {
  const fd = r.fd ?? (r.op.startsWith("<") ? 0 : 1);
  const openWrite = async (append: boolean): Promise<Fd> => {
    const path = await target(r.target, ctx);
    const sink = await host.openWrite(path, sh.cwd, append).catch((e: unknown) => fail(path, e));
    opened.push(sink);
    return { mode: "w", sink };
  };
  switch (r.op) {
    case "<<":
    case "<<-":
    case "<<<": {
      const text = (await expandString(r.target, ctx)) + (r.op === "<<<" ? "\n" : "");
      table.set(fd, { mode: "r", source: buffered(sourceFromBytes(encodeUtf8(text))) });
      return;
    }
    case "<": {
      const path = await target(r.target, ctx);
      const source = await host.openRead(path, sh.cwd).catch((e: unknown) => fail(path, e));
      table.set(fd, { mode: "r", source: buffered(source) });
      return;
    }
    case ">":
    case ">|":
    case ">>":
      table.set(fd, await openWrite(r.op === ">>"));
      return;
    case "&>":
    case "&>>": {
      const file = await openWrite(r.op === "&>>");
      table.set(1, file);
      table.set(2, file);
      return;
    }
    case ">&":
    case "<&": {
      const word = await expandString(r.target, ctx);
      if (word === "-") table.delete(fd);
      else if (/^[0-9]+$/.test(word)) {
        const source = table.get(Number(word));
        if (source === undefined) throw new RedirectError(`${word}: Bad file descriptor`);
        table.set(fd, source);
      } else if (r.op === ">&" && r.fd === null) {
        const file = await openWrite(false); // `>&file` is bash for `&>file`
        table.set(2, file);
        table.set(1, file);
      } else throw new RedirectError(`${word}: ambiguous redirect`);
      return;
    }
  }
}

async function target(word: Word, ctx: ExpandContext): Promise<string> {
  const fields = await expandFields([word], ctx);
  if (fields.length !== 1) throw new RedirectError(`${fields.join(" ")}: ambiguous redirect`);
  return fields[0];
}

function fail(path: string, e: unknown): never {
  throw new RedirectError(`${path}: ${e instanceof Error ? e.message : String(e)}`);
}
