// Builtins that change variables and options: export unset local set shift read.
import { decodeUtf8 } from "../utf8.ts";
import { fail, NAME, out, type Builtin } from "./types.ts";

const ASSIGN = /^([A-Za-z_][A-Za-z0-9_]*)(?:=([\s\S]*))?$/;

function quote(value: string): string {
  return `"${value.replace(/["\\$`]/g, "\\$&")}"`;
}

export const exportBuiltin: Builtin = async (ctx) => {
  const args = ctx.argv.slice(1);
  let unexport = false;
  while (args[0]?.startsWith("-") && args[0] !== "-") {
    const flag = args.shift()!;
    if (flag === "--") break;
    if (flag === "-n") unexport = true;
    else if (flag !== "-p") return fail(ctx, `${flag}: invalid option`, 2);
  }
  if (args.length === 0) {
    const names = [...ctx.sh.vars].filter(([, v]) => v.exported).map(([n]) => n).sort();
    await out(ctx, names.map((n) => `declare -x ${n}=${quote(ctx.sh.get(n) ?? "")}\n`).join(""));
    return 0;
  }
  let status = 0;
  for (const arg of args) {
    const m = ASSIGN.exec(arg);
    if (m === null) status = await fail(ctx, `\`${arg}': not a valid identifier`);
    else if (unexport) {
      const v = ctx.sh.vars.get(m[1]);
      if (v !== undefined) v.exported = false;
    } else ctx.sh.exportVar(m[1], m[2]);
  }
  return status;
};

export const unset: Builtin = async (ctx) => {
  const args = ctx.argv.slice(1);
  let functions = false;
  while (args[0] === "-f" || args[0] === "-v") functions = args.shift() === "-f";
  for (const name of args) {
    if (functions) ctx.sh.functions.delete(name);
    else if (!NAME.test(name)) return fail(ctx, `\`${name}': not a valid identifier`);
    else ctx.sh.unset(name);
  }
  return 0;
};

export const local: Builtin = async (ctx) => {
  if (ctx.sh.localFrames.length === 0) return fail(ctx, "can only be used in a function");
  for (const arg of ctx.argv.slice(1)) {
    const m = ASSIGN.exec(arg);
    if (m === null) return fail(ctx, `\`${arg}': not a valid identifier`);
    ctx.sh.declareLocal(m[1]);
    if (m[2] !== undefined) ctx.sh.set(m[1], m[2]);
  }
  return 0;
};

/** readonly NAME=value: assigns; read-only-ness itself is not enforced. */
export const readonly: Builtin = async (ctx) => {
  for (const arg of ctx.argv.slice(1)) {
    const m = ASSIGN.exec(arg);
    if (m === null) return fail(ctx, `\`${arg}': not a valid identifier`);
    if (m[2] !== undefined) ctx.sh.set(m[1], m[2]);
  }
  return 0;
};

/** set [-eu] [+eu] [-o pipefail] [--] [args...] */
export const set: Builtin = async (ctx) => {
  const args = ctx.argv.slice(1);
  const { options } = ctx.sh;
  if (args.length === 0) {
    const names = [...ctx.sh.vars.keys()].sort();
    await out(ctx, names.map((n) => `${n}=${quote(ctx.sh.get(n) ?? "")}\n`).join(""));
    return 0;
  }
  while (args.length > 0 && /^[-+]/.test(args[0])) {
    const flag = args.shift()!;
    if (flag === "--" || flag === "-") break;
    const on = flag[0] === "-";
    if (flag.slice(1) === "o") {
      const name = args.shift();
      if (name === "pipefail") options.pipefail = on;
      else if (name === "errexit") options.errexit = on;
      else if (name === "nounset") options.nounset = on;
      else if (name !== undefined && !["xtrace", "noglob", "noclobber", "allexport", "verbose"].includes(name)) {
        return fail(ctx, `${name}: invalid option name`, 2);
      }
      continue;
    }
    for (const letter of flag.slice(1)) {
      if (letter === "e") options.errexit = on;
      else if (letter === "u") options.nounset = on;
      else if (!"xvfCahmB".includes(letter)) return fail(ctx, `${flag[0]}${letter}: invalid option`, 2);
    }
  }
  if (args.length > 0 || ctx.argv.includes("--")) ctx.sh.positional = args;
  return 0;
};

export const shift: Builtin = async (ctx) => {
  const n = ctx.argv[1] === undefined ? 1 : Number(ctx.argv[1]);
  if (!Number.isInteger(n) || n < 0) return fail(ctx, `${ctx.argv[1]}: numeric argument required`);
  if (n > ctx.sh.positional.length) return 1;
  ctx.sh.positional = ctx.sh.positional.slice(n);
  return 0;
};

/** read [-r] [-d delim] [name...]: one line from fd 0 (bytes past it are pushed back for the next reader). */
export const read: Builtin = async (ctx) => {
  const args = ctx.argv.slice(1);
  let raw = false;
  let delimiter = 10;
  while (args[0]?.startsWith("-") && args[0].length > 1) {
    const flag = args.shift()!;
    if (flag === "--") break;
    if (flag === "-r") raw = true;
    else if (flag === "-d") delimiter = (args.shift() ?? "").charCodeAt(0) || 0;
    else return fail(ctx, `${flag}: invalid option`, 2);
  }
  const fd = ctx.fds.get(0);
  if (fd === undefined || fd.mode !== "r") return fail(ctx, "read error: 0: Bad file descriptor");
  const bytes: number[] = [];
  let found = false;
  for (;;) {
    const chunk = await fd.source.read(4096);
    if (chunk === null) break;
    let i = chunk.indexOf(delimiter);
    // A backslash before the newline continues the line (without -r).
    while (i >= 0 && !raw && delimiter === 10 && (i > 0 ? chunk[i - 1] : bytes[bytes.length - 1]) === 92 && !escapedBackslash(chunk, i - 1, bytes)) {
      i = chunk.indexOf(delimiter, i + 1);
    }
    if (i < 0) {
      bytes.push(...chunk);
      continue;
    }
    bytes.push(...chunk.subarray(0, i));
    fd.source.unread(chunk.subarray(i + 1));
    found = true;
    break;
  }
  let line = decodeUtf8(Uint8Array.from(bytes));
  if (!raw) line = line.replace(/\\\n/g, "").replace(/\\([\s\S])/g, "$1");
  const names = args.length === 0 ? ["REPLY"] : args;
  if (args.length === 0) ctx.sh.set("REPLY", line);
  else assignFields(line, names, ctx.sh.get("IFS") ?? " \t\n", (n, v) => ctx.sh.set(n, v));
  return found ? 0 : 1;
};

/** Whether the backslash at `at` is itself escaped (an even run of backslashes precedes the newline). */
function escapedBackslash(chunk: Uint8Array, at: number, before: number[]): boolean {
  let count = 0;
  for (let k = at; ; k--) {
    const b = k >= 0 ? chunk[k] : before[before.length + k];
    if (b !== 92) break;
    count++;
  }
  return count % 2 === 0;
}

function assignFields(line: string, names: string[], ifs: string, assign: (name: string, value: string) => void): void {
  const isWs = (c: string): boolean => ifs.includes(c) && " \t\n".includes(c);
  let i = 0;
  const skipWs = (): void => {
    while (i < line.length && isWs(line[i])) i++;
  };
  skipWs();
  names.forEach((name, k) => {
    if (k === names.length - 1) {
      let end = line.length;
      while (end > i && isWs(line[end - 1])) end--;
      assign(name, line.slice(i, end));
      return;
    }
    const start = i;
    while (i < line.length && !ifs.includes(line[i])) i++;
    assign(name, line.slice(start, i));
    skipWs();
    if (i < line.length && ifs.includes(line[i]) && !isWs(line[i])) {
      i++;
      skipWs();
    }
  });
}
