// `$(( ))` arithmetic: 64-bit signed integers (BigInt wrapped with asIntN), C precedence, variables by name.
// Simplification: both sides of `&&`, `||` and `?:` are evaluated, so assignments in an untaken branch happen.
import { ShellFatalError } from "./errors.ts";

export interface ArithVars {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

const OPS = ["<<=", ">>=", "**", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
  "+", "-", "*", "/", "%", "<", ">", "=", "!", "~", "&", "|", "^", "?", ":", "(", ")", ","];
/** Binary operators by increasing precedence. */
const LEVELS: string[][] = [["||"], ["&&"], ["|"], ["^"], ["&"], ["==", "!="], ["<", ">", "<=", ">="], ["<<", ">>"], ["+", "-"], ["*", "/", "%"]];

function apply(op: string, a: bigint, b: bigint, source: string): bigint {
  switch (op) {
    case "+": return a + b;
    case "-": return a - b;
    case "*": return a * b;
    case "/":
    case "%":
      if (b === 0n) throw new ShellFatalError(`${source}: division by 0`, 1);
      return op === "/" ? a / b : a % b;
    case "**": return b < 0n ? 0n : a ** b;
    case "<<": return a << (b & 63n);
    case ">>": return a >> (b & 63n);
    case "<": return a < b ? 1n : 0n;
    case ">": return a > b ? 1n : 0n;
    case "<=": return a <= b ? 1n : 0n;
    case ">=": return a >= b ? 1n : 0n;
    case "==": return a === b ? 1n : 0n;
    case "!=": return a !== b ? 1n : 0n;
    case "&": return a & b;
    case "|": return a | b;
    case "^": return a ^ b;
    case "&&": return a !== 0n && b !== 0n ? 1n : 0n;
    case "||": return a !== 0n || b !== 0n ? 1n : 0n;
    default: throw new ShellFatalError(`${source}: syntax error in expression`, 1);
  }
}

export function evaluateArithmetic(source: string, vars: ArithVars, depth = 0): bigint {
  const tokens = tokenize(source);
  let i = 0;
  const fail = (): never => {
    throw new ShellFatalError(`${source}: syntax error in expression (error token is "${tokens.slice(i).join(" ")}")`, 1);
  };
  const peek = (): string | undefined => tokens[i];
  const take = (t: string): boolean => (tokens[i] === t ? (i++, true) : false);
  const wrap = (v: bigint): bigint => BigInt.asIntN(64, v);
  const read = (name: string): bigint => {
    const raw = (vars.get(name) ?? "").trim();
    if (raw === "") return 0n;
    if (/^-?[0-9]+$/.test(raw)) return wrap(BigInt(raw));
    if (depth > 32) throw new ShellFatalError(`${name}: expression recursion level exceeded`, 1);
    return evaluateArithmetic(raw, vars, depth + 1);
  };

  const assignment = (): bigint => {
    const name = peek();
    const op = tokens[i + 1];
    if (name !== undefined && /^[A-Za-z_]/.test(name) && op !== undefined && /^([-+*/%&|^]|<<|>>)?=$/.test(op)) {
      i += 2;
      const rhs = assignment();
      const value = op === "=" ? rhs : wrap(apply(op.slice(0, -1), read(name), rhs, source));
      vars.set(name, String(value));
      return value;
    }
    return ternary();
  };
  const ternary = (): bigint => {
    const cond = binary(0);
    if (!take("?")) return cond;
    const a = assignment();
    if (!take(":")) fail();
    const b = assignment();
    return cond !== 0n ? a : b;
  };
  const binary = (level: number): bigint => {
    if (level >= LEVELS.length) return power();
    let left = binary(level + 1);
    for (;;) {
      const op = peek();
      if (op === undefined || !LEVELS[level].includes(op)) return left;
      i++;
      const operandAt = i;
      const right = binary(level + 1);
      if ((op === "/" || op === "%") && right === 0n) {
        throw new ShellFatalError(`${source}: division by 0 (error token is "${tokens.slice(operandAt).join("")}")`, 1);
      }
      left = wrap(apply(op, left, right, source));
    }
  };
  const power = (): bigint => {
    const base = unary();
    return take("**") ? wrap(apply("**", base, power(), source)) : base;
  };
  const unary = (): bigint => {
    const op = peek();
    if (op === "-" || op === "+" || op === "!" || op === "~") {
      i++;
      const v = unary();
      return op === "-" ? wrap(-v) : op === "+" ? v : op === "!" ? (v === 0n ? 1n : 0n) : ~v;
    }
    if (op === "++" || op === "--") {
      i++;
      const name = peek();
      if (name === undefined || !/^[A-Za-z_]/.test(name)) fail();
      i++;
      const v = wrap(read(name as string) + (op === "++" ? 1n : -1n));
      vars.set(name as string, String(v));
      return v;
    }
    return primary();
  };
  const primary = (): bigint => {
    const t = peek();
    if (t === undefined) return fail();
    i++;
    if (t === "(") {
      const v = comma();
      if (!take(")")) fail();
      return v;
    }
    if (/^[0-9]/.test(t)) return parseNumber(t, source);
    if (/^[A-Za-z_]/.test(t)) {
      const v = read(t);
      if (peek() === "++" || peek() === "--") {
        vars.set(t, String(wrap(v + (tokens[i++] === "++" ? 1n : -1n))));
      }
      return v;
    }
    i--;
    return fail();
  };
  const comma = (): bigint => {
    let v = assignment();
    while (take(",")) v = assignment();
    return v;
  };

  if (tokens.length === 0) return 0n;
  const result = comma();
  if (i < tokens.length) fail();
  return result;
}

function parseNumber(t: string, source: string): bigint {
  try {
    const hash = t.indexOf("#");
    if (hash > 0) return BigInt.asIntN(64, BigInt(parseInt(t.slice(hash + 1), Number(t.slice(0, hash)))));
    if (/^0[xX][0-9a-fA-F]+$/.test(t)) return BigInt.asIntN(64, BigInt(t));
    if (/^0[0-7]+$/.test(t)) return BigInt.asIntN(64, BigInt("0o" + t.slice(1)));
    if (/^[0-9]+$/.test(t)) return BigInt.asIntN(64, BigInt(t));
  } catch {
    // fall through to the error below
  }
  throw new ShellFatalError(`${source}: value too great for base (error token is "${t}")`, 1);
}

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const word = /^[A-Za-z0-9_#]+/.exec(source.slice(i));
    if (word !== null) {
      tokens.push(word[0]);
      i += word[0].length;
      continue;
    }
    const op = OPS.find((o) => source.startsWith(o, i));
    if (op === undefined) throw new ShellFatalError(`${source}: syntax error: invalid arithmetic operator (error token is "${source.slice(i)}")`, 1);
    tokens.push(op);
    i += op.length;
  }
  return tokens;
}
