// test / [: POSIX argument-count rules for up to 4 arguments, then a precedence parser (-o < -a < ! < primary).
// File tests can only ask the host to open the path: -e/-f/-r/-w/-x/-s succeed if it opens (and -s if it has a
// byte); -d is true only for "/", "." and ".."; -L/-h/-t are always false.
import type { ShellHost } from "../types.ts";
import { fail, type Builtin } from "./types.ts";

const UNARY = new Set(["-z", "-n", "-e", "-f", "-r", "-w", "-x", "-s", "-d", "-L", "-h", "-t", "-b", "-c", "-p", "-S", "-g", "-u", "-k", "-O", "-G", "-N"]);
const BINARY = new Set(["=", "==", "!=", "<", ">", "-eq", "-ne", "-lt", "-gt", "-le", "-ge", "-nt", "-ot", "-ef"]);

class TestError extends Error {}

interface Env {
  host: ShellHost;
  cwd: string;
}

export const test: Builtin = async (ctx) => {
  const args = ctx.argv.slice(1);
  if (ctx.argv[0] === "[") {
    if (args[args.length - 1] !== "]") return fail(ctx, "missing `]'", 2);
    args.pop();
  }
  try {
    return (await evaluate(args, { host: ctx.rt.host, cwd: ctx.sh.cwd })) ? 0 : 1;
  } catch (e) {
    if (e instanceof TestError) return fail(ctx, e.message, 2);
    throw e;
  }
};

async function evaluate(a: string[], env: Env): Promise<boolean> {
  switch (a.length) {
    case 0:
      return false;
    case 1:
      return a[0] !== "";
    case 2:
      if (a[0] === "!") return a[1] === "";
      if (UNARY.has(a[0])) return unary(a[0], a[1], env);
      throw new TestError(`${a[0]}: unary operator expected`);
    case 3:
      if (BINARY.has(a[1])) return binary(a[0], a[1], a[2]);
      if (a[1] === "-a" || a[1] === "-o") break;
      if (a[0] === "!") return !(await evaluate(a.slice(1), env));
      if (a[0] === "(" && a[2] === ")") return a[1] !== "";
      throw new TestError(`${a[1]}: binary operator expected`);
    case 4:
      if (a[0] === "!") return !(await evaluate(a.slice(1), env));
      if (a[0] === "(" && a[3] === ")") return evaluate(a.slice(1, 3), env);
  }
  return parseExpression(a, env);
}

async function parseExpression(a: string[], env: Env): Promise<boolean> {
  let i = 0;
  const orExpr = async (): Promise<boolean> => {
    let v = await andExpr();
    while (a[i] === "-o") {
      i++;
      const rhs = await andExpr();
      v = v || rhs;
    }
    return v;
  };
  const andExpr = async (): Promise<boolean> => {
    let v = await notExpr();
    while (a[i] === "-a") {
      i++;
      const rhs = await notExpr();
      v = v && rhs;
    }
    return v;
  };
  const notExpr = async (): Promise<boolean> => {
    if (a[i] === "!") {
      i++;
      return !(await notExpr());
    }
    return primary();
  };
  const primary = async (): Promise<boolean> => {
    if (i >= a.length) throw new TestError("argument expected");
    if (a[i] === "(") {
      i++;
      const v = await orExpr();
      if (a[i] !== ")") throw new TestError("`)' expected");
      i++;
      return v;
    }
    if (i + 2 < a.length && BINARY.has(a[i + 1])) {
      i += 3;
      return binary(a[i - 3], a[i - 2], a[i - 1]);
    }
    if (UNARY.has(a[i]) && i + 1 < a.length) {
      i += 2;
      return unary(a[i - 2], a[i - 1], env);
    }
    return a[i++] !== "";
  };
  const v = await orExpr();
  if (i < a.length) throw new TestError(`${a[i]}: unexpected argument`);
  return v;
}

async function unary(op: string, arg: string, env: Env): Promise<boolean> {
  switch (op) {
    case "-z":
      return arg === "";
    case "-n":
      return arg !== "";
    case "-d":
      return arg === "/" || arg === "." || arg === "..";
    case "-e": case "-f": case "-r": case "-w": case "-x": case "-s":
      try {
        const source = await env.host.openRead(arg, env.cwd);
        return op !== "-s" || (await source.read(1)) !== null;
      } catch {
        return false;
      }
    default:
      return false;
  }
}

function binary(left: string, op: string, right: string): boolean {
  switch (op) {
    case "=": case "==": return left === right;
    case "!=": return left !== right;
    case "<": return left < right;
    case ">": return left > right;
    case "-nt": case "-ot": case "-ef": return false;
  }
  const l = integer(left);
  const r = integer(right);
  switch (op) {
    case "-eq": return l === r;
    case "-ne": return l !== r;
    case "-lt": return l < r;
    case "-gt": return l > r;
    case "-le": return l <= r;
    default: return l >= r;
  }
}

function integer(text: string): bigint {
  const t = text.trim();
  if (!/^[-+]?[0-9]+$/.test(t)) throw new TestError(`${text}: integer expression expected`);
  return BigInt(t);
}
