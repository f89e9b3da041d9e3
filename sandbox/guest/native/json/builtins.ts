// What a snippet may call: a fixed table of methods of strings, arrays, numbers and regexes,
// and a few globals (Math, JSON, String, Number, ...). Nothing reaches a prototype or a
// constructor, so no snippet can find Function or change how other objects behave; the
// values snippets hold are JSON data, regexes and these wrappers, never real functions.
import { ExprError } from "./expr-lex.ts";

/** Largest string or array a snippet may build: `s = s + s` repeated must not eat the isolate. */
export const MAX_SIZE = 1 << 24;

/** A callable the interpreter knows: a global function, or a method bound to its receiver. */
export class Callable {
  // Private, so Object.values() of a Callable cannot hand the real function to a snippet.
  readonly #fn: (args: unknown[]) => unknown;
  constructor(
    readonly name: string,
    fn: (args: unknown[]) => unknown,
  ) {
    this.#fn = fn;
  }
  call(args: unknown[]): unknown {
    return this.#fn(args);
  }
  toString(): string {
    return `function ${this.name}() { [native code] }`;
  }
}

/** A global object such as Math: its members are constants and Callables. */
export class Namespace {
  readonly #members: Readonly<Record<string, unknown>>;
  constructor(
    readonly name: string,
    members: Readonly<Record<string, unknown>>,
  ) {
    this.#members = members;
  }
  get(key: string): unknown {
    return Object.hasOwn(this.#members, key) ? this.#members[key] : undefined;
  }
  toString(): string {
    return `[object ${this.name}]`;
  }
}

function checkSize(v: unknown): unknown {
  if ((typeof v === "string" || Array.isArray(v)) && v.length > MAX_SIZE) throw new ExprError(`result too large (over ${MAX_SIZE} elements)`);
  return v;
}

/**
 * Regexes run natively, where a step budget cannot reach, so the ones that can backtrack
 * exponentially are refused: a quantified group that itself contains a quantifier or an
 * alternation (`(a+)+`, `(a|a)*`), and backreferences.
 */
export function safeRegExp(src: string, flags: string): RegExp {
  if (/\\[1-9]|\\k</.test(src)) throw new ExprError(`unsupported expression: regex backreferences: /${src}/`);
  const open: { quantified: boolean }[] = [];
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "(") open.push({ quantified: false });
    else if (c === "*" || c === "+" || c === "{" || c === "|") {
      if (open.length) open[open.length - 1]!.quantified = true;
    } else if (c === ")") {
      const g = open.pop();
      if (g?.quantified && /^[*+{]/.test(src.slice(i + 1))) throw new ExprError(`unsupported expression: nested quantifiers can backtrack without end: /${src}/`);
      if (g?.quantified && open.length) open[open.length - 1]!.quantified = true;
    }
  }
  if (!/^[dgimsuy]*$/.test(flags)) throw new ExprError(`unsupported expression: regex flags "${flags}"`);
  return new RegExp(src, flags);
}

const str = (v: unknown) => String(v);
const num = (v: unknown) => Number(v);
/** Arguments a native method may see: data, regexes, never a Callable or a Namespace. */
const plain = (args: unknown[]) => args.map((a) => (a instanceof Callable || a instanceof Namespace ? String(a) : a));
const pattern = (v: unknown): string | RegExp => (v instanceof RegExp ? v : String(v));

type Method<T> = (self: T, args: unknown[]) => unknown;

const STRING: Readonly<Record<string, Method<string>>> = {
  indexOf: (s, [a, b]) => s.indexOf(str(a), num(b ?? 0)),
  lastIndexOf: (s, [a, b]) => s.lastIndexOf(str(a), b === undefined ? Infinity : num(b)),
  includes: (s, [a, b]) => s.includes(str(a), num(b ?? 0)),
  startsWith: (s, [a, b]) => s.startsWith(str(a), num(b ?? 0)),
  endsWith: (s, [a, b]) => s.endsWith(str(a), b === undefined ? s.length : num(b)),
  toLowerCase: (s) => s.toLowerCase(),
  toUpperCase: (s) => s.toUpperCase(),
  trim: (s) => s.trim(),
  trimStart: (s) => s.trimStart(),
  trimEnd: (s) => s.trimEnd(),
  slice: (s, [a, b]) => s.slice(a === undefined ? 0 : num(a), b === undefined ? undefined : num(b)),
  substring: (s, [a, b]) => s.substring(num(a ?? 0), b === undefined ? undefined : num(b)),
  substr: (s, [a, b]) => s.substr(num(a ?? 0), b === undefined ? undefined : num(b)),
  charAt: (s, [a]) => s.charAt(num(a ?? 0)),
  charCodeAt: (s, [a]) => s.charCodeAt(num(a ?? 0)),
  at: (s, [a]) => s.at(num(a ?? 0)),
  split: (s, [a, b]) => (a === undefined ? [s] : s.split(pattern(a), b === undefined ? undefined : num(b))),
  match: (s, [a]) => s.match(a instanceof RegExp ? a : safeRegExp(str(a), "")),
  search: (s, [a]) => s.search(a instanceof RegExp ? a : safeRegExp(str(a), "")),
  replace: (s, [a, b]) => checkSize(s.replace(pattern(a), str(b))),
  replaceAll: (s, [a, b]) => checkSize(s.replaceAll(pattern(a), str(b))),
  concat: (s, args) => checkSize(s.concat(...plain(args).map(str))),
  padStart: (s, [a, b]) => checkSize(s.padStart(Math.min(num(a), MAX_SIZE + 1), b === undefined ? " " : str(b))),
  padEnd: (s, [a, b]) => checkSize(s.padEnd(Math.min(num(a), MAX_SIZE + 1), b === undefined ? " " : str(b))),
  localeCompare: (s, [a]) => s.localeCompare(str(a)),
  // Typed by hand: names Object.prototype also has lose the record's contextual type.
  toString: (s: string) => s,
  valueOf: (s: string) => s,
};

const ARRAY: Readonly<Record<string, Method<unknown[]>>> = {
  indexOf: (a, [x]) => a.indexOf(x),
  lastIndexOf: (a, [x]) => a.lastIndexOf(x),
  includes: (a, [x]) => a.includes(x),
  join: (a, [sep]) => {
    const s = sep === undefined ? "," : str(sep);
    if (a.length * s.length > MAX_SIZE) throw new ExprError("result too large");
    return checkSize(a.join(s));
  },
  slice: (a, [x, y]) => a.slice(x === undefined ? 0 : num(x), y === undefined ? undefined : num(y)),
  concat: (a, args) => checkSize(a.concat(...plain(args))),
  push: (a, args) => (checkSize(a.concat(args)), a.push(...plain(args))),
  pop: (a) => a.pop(),
  shift: (a) => a.shift(),
  unshift: (a, args) => (checkSize(a.concat(args)), a.unshift(...plain(args))),
  reverse: (a) => a.reverse(),
  sort: (a, [cmp]) => {
    if (cmp !== undefined) throw new ExprError("unsupported expression: sort with a comparator");
    return a.sort();
  },
  at: (a, [x]) => a.at(num(x ?? 0)),
  toString: (a: unknown[]) => checkSize(a.join(",")),
};

const NUMBER: Readonly<Record<string, Method<number>>> = {
  toFixed: (n, [d]) => n.toFixed(num(d ?? 0)),
  toPrecision: (n, [d]) => (d === undefined ? String(n) : n.toPrecision(num(d))),
  toString: (n: number, [r]: unknown[]) => n.toString(r === undefined ? 10 : num(r)),
  valueOf: (n: number) => n,
};

const REGEXP: Readonly<Record<string, Method<RegExp>>> = {
  test: (r, [s]) => r.test(str(s)),
  exec: (r, [s]) => r.exec(str(s)),
  toString: (r: RegExp) => String(r),
};

const OBJECT: Readonly<Record<string, Method<object>>> = {
  hasOwnProperty: (o: object, [k]: unknown[]) => Object.hasOwn(o, str(k)),
};

/** The method `name` of `self`, bound, or undefined if it has none the interpreter offers. */
export function methodOf(self: unknown, name: string): Callable | undefined {
  const pick = <T>(table: Readonly<Record<string, Method<T>>>, v: T) =>
    Object.hasOwn(table, name) ? new Callable(name, (args) => table[name]!(v, args)) : undefined;
  if (typeof self === "string") return pick(STRING, self);
  if (typeof self === "number") return pick(NUMBER, self);
  if (typeof self === "boolean") return name === "toString" ? new Callable(name, () => String(self)) : undefined;
  if (Array.isArray(self)) return pick(ARRAY, self) ?? pick(OBJECT, self);
  if (self instanceof RegExp) return pick(REGEXP, self);
  if (typeof self === "object" && self !== null && !(self instanceof Callable) && !(self instanceof Namespace)) return pick(OBJECT, self);
  return undefined;
}

/** Object.keys and friends work on data only (they throw on null and undefined, as in JS). */
const data = (v: unknown): object => (v instanceof Callable || v instanceof Namespace || v instanceof RegExp ? {} : (v as object));
const fn = (name: string, f: (args: unknown[]) => unknown) => new Callable(name, f);
const math = (name: keyof Math & string) => fn(name, (args) => (Math[name] as (...a: number[]) => number)(...args.map(num)));

/** The names a snippet sees when neither a local variable nor a field of `this` has them. */
export const GLOBALS: Readonly<Record<string, unknown>> = {
  undefined: undefined,
  NaN: NaN,
  Infinity: Infinity,
  String: fn("String", ([v]) => (v === undefined ? "" : String(v))),
  Number: fn("Number", ([v]) => (v === undefined ? 0 : Number(v))),
  Boolean: fn("Boolean", ([v]) => Boolean(v)),
  parseInt: fn("parseInt", ([v, r]) => parseInt(str(v), r === undefined ? undefined : num(r))),
  parseFloat: fn("parseFloat", ([v]) => parseFloat(str(v))),
  isNaN: fn("isNaN", ([v]) => isNaN(num(v))),
  isFinite: fn("isFinite", ([v]) => isFinite(num(v))),
  Math: new Namespace("Math", {
    PI: Math.PI, E: Math.E,
    ...Object.fromEntries((["abs", "floor", "ceil", "round", "trunc", "sign", "min", "max", "pow", "sqrt", "cbrt", "log", "log10", "log2", "exp", "random"] as const).map((n) => [n, math(n)])),
  }),
  JSON: new Namespace("JSON", {
    stringify: fn("stringify", ([v, _r, indent]) => checkSize(JSON.stringify(v, null, typeof indent === "number" || typeof indent === "string" ? indent : undefined))),
    parse: fn("parse", ([v]) => JSON.parse(str(v)) as unknown),
  }),
  Object: new Namespace("Object", {
    keys: fn("keys", ([v]) => Object.keys(data(v))),
    values: fn("values", ([v]) => Object.values(data(v))),
    entries: fn("entries", ([v]) => Object.entries(data(v))),
  }),
  Array: new Namespace("Array", { isArray: fn("isArray", ([v]) => Array.isArray(v)) }),
  Date: new Namespace("Date", { now: fn("now", () => Date.now()) }),
};
