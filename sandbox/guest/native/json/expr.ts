// The safe evaluator behind json's -c and -e. json compiles snippets with `new Function`,
// which workerd forbids and which would run user code with the runtime's full powers; this
// walks the parsed snippet instead (expr-parse.ts has the subset), reading only own fields
// of the data and the method table of builtins.ts, and counts steps so no snippet can run
// without end. Names resolve as under json's JSON_EXEC=vm: local variables, then fields of
// `this`, then the globals of builtins.ts.
import { Callable, GLOBALS, MAX_SIZE, methodOf, Namespace, safeRegExp } from "./builtins.ts";
import { ExprError } from "./expr-lex.ts";
import { hasReturn, parseProgram, type Node, type Stmt } from "./expr-parse.ts";
import { setOwn } from "./lookup.ts";

/** Steps (nodes evaluated) one run of a snippet may take. */
export const STEP_BUDGET = 100_000;

/** A JavaScript-style runtime error in a snippet (`TypeError: ...`). */
export class SnippetError extends Error {
  constructor(kind: string, message: string) {
    super(message);
    this.name = kind;
  }
}

const SHORT = Symbol("optional chain cut short");
const isIndex = (k: string) => /^(0|[1-9]\d*)$/.test(k);
const isData = (v: unknown): v is object => typeof v === "object" && v !== null && !(v instanceof Callable) && !(v instanceof Namespace) && !(v instanceof RegExp);

export function getMember(obj: unknown, key: string): unknown {
  if (obj === null || obj === undefined) throw new SnippetError("TypeError", `Cannot read properties of ${obj} (reading '${key}')`);
  if (typeof obj === "string") {
    if (key === "length") return obj.length;
    if (isIndex(key)) return obj[Number(key)];
  } else if (obj instanceof Namespace) return obj.get(key);
  else if (obj instanceof Callable) return key === "name" ? obj.name : undefined;
  else if (obj instanceof RegExp) {
    if (["source", "flags", "global", "ignoreCase", "multiline", "lastIndex"].includes(key)) return obj[key as "source"];
  } else if (typeof obj === "object") {
    if (Array.isArray(obj) && key === "length") return obj.length;
    if (Object.hasOwn(obj, key)) return (obj as Record<string, unknown>)[key];
  }
  return methodOf(obj, key);
}

function setMember(obj: unknown, key: string, value: unknown): void {
  if (obj === null || obj === undefined) throw new SnippetError("TypeError", `Cannot set properties of ${obj} (setting '${key}')`);
  if (typeof obj !== "object") return; // as in sloppy JavaScript: a write to a primitive is lost
  if (!isData(obj)) throw new ExprError(`unsupported expression: cannot set '${key}' on ${String(obj)}`);
  if (Array.isArray(obj)) {
    if (key === "length") {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0 || n > obj.length) throw new ExprError("unsupported expression: an array's length may only shrink");
      obj.length = n;
      return;
    }
    // No holes: a write far past the end would make JSON output of unbounded size.
    if (isIndex(key) && Number(key) > obj.length) throw new ExprError(`unsupported expression: index ${key} is past the end of the array`);
    if (isIndex(key) && obj.length >= MAX_SIZE) throw new ExprError("result too large");
  }
  setOwn(obj, key, value);
}

function binary(op: string, l: unknown, r: unknown): unknown {
  const a = l as number;
  const b = r as number;
  switch (op) {
    case "+": {
      const v: unknown = a + b;
      if (typeof v === "string" && v.length > MAX_SIZE) throw new ExprError("result too large");
      return v;
    }
    case "-": return a - b;
    case "*": return a * b;
    case "/": return a / b;
    case "%": return a % b;
    case "**": return a ** b;
    case "<": return a < b;
    case ">": return a > b;
    case "<=": return a <= b;
    case ">=": return a >= b;
    case "==": return l == r;
    case "!=": return l != r;
    case "===": return l === r;
    case "!==": return l !== r;
    case "&": return a & b;
    case "|": return a | b;
    case "^": return a ^ b;
    case "in":
      if (typeof r !== "object" || r === null) throw new SnippetError("TypeError", `Cannot use 'in' operator to search for '${String(l)}' in ${String(r)}`);
      return getMember(r, String(l)) !== undefined || (isData(r) && Object.hasOwn(r, String(l)));
  }
  throw new ExprError(`unsupported expression: operator ${op}`);
}

class Run {
  private steps = 0;
  private readonly locals = new Map<string, unknown>();
  constructor(private readonly self: unknown) {}

  private step(): void {
    if (++this.steps > STEP_BUDGET) throw new ExprError(`snippet exceeded its budget of ${STEP_BUDGET} steps`);
  }

  private lookup(name: string): unknown {
    if (this.locals.has(name)) return this.locals.get(name);
    if (isData(this.self) && Object.hasOwn(this.self, name)) return (this.self as Record<string, unknown>)[name];
    if (Object.hasOwn(GLOBALS, name)) return GLOBALS[name];
    throw new SnippetError("ReferenceError", `${name} is not defined`);
  }

  private key(n: Node & { k: "member" }): string {
    return String(this.ev(n.prop));
  }

  /** Reads a member/call chain; SHORT once an optional link met null or undefined. */
  private chain(n: Node): unknown {
    if (n.k === "member") {
      const obj = this.chain(n.obj);
      if (obj === SHORT || (n.optional && (obj === null || obj === undefined))) return SHORT;
      return getMember(obj, this.key(n));
    }
    if (n.k === "call") {
      let f: unknown;
      if (n.callee.k === "member") {
        const obj = this.chain(n.callee.obj);
        if (obj === SHORT || (n.callee.optional && (obj === null || obj === undefined))) return SHORT;
        f = getMember(obj, this.key(n.callee));
      } else f = this.chain(n.callee);
      if (f === SHORT || (n.optional && (f === null || f === undefined))) return SHORT;
      if (!(f instanceof Callable)) throw new SnippetError("TypeError", `${describe(n.callee)} is not a function`);
      return f.call(n.args.map((a) => this.ev(a)));
    }
    return this.ev(n);
  }

  private assign(target: Node, value: unknown): void {
    if (target.k === "id") {
      if (this.locals.has(target.name)) this.locals.set(target.name, value);
      else if (isData(this.self)) setOwn(this.self, target.name, value);
      else throw new ExprError(`unsupported expression: cannot set '${target.name}' when the item is not an object`);
    } else if (target.k === "member") setMember(this.ev(target.obj), this.key(target), value);
  }

  ev(n: Node): unknown {
    this.step();
    switch (n.k) {
      case "lit": return n.v;
      case "regex": return safeRegExp(n.src, n.flags);
      case "this": return this.self;
      case "id": return this.lookup(n.name);
      case "arr": return n.items.map((i) => this.ev(i));
      case "obj": {
        const o = {};
        for (const [k, v] of n.props) setOwn(o, k, this.ev(v));
        return o;
      }
      case "member":
      case "call": {
        const v = this.chain(n);
        return v === SHORT ? undefined : v;
      }
      case "unary": {
        if (n.op === "typeof") {
          if (n.arg.k === "id" && !this.locals.has(n.arg.name) && !(isData(this.self) && Object.hasOwn(this.self, n.arg.name)) && !Object.hasOwn(GLOBALS, n.arg.name)) return "undefined";
          const v = this.ev(n.arg);
          return v instanceof Callable ? "function" : typeof v;
        }
        if (n.op === "delete") return this.delete(n.arg);
        const v = this.ev(n.arg);
        if (n.op === "!") return !v;
        if (n.op === "-") return -(v as number);
        if (n.op === "+") return +(v as number);
        if (n.op === "~") return ~(v as number);
        return undefined; // void
      }
      case "update": {
        const old = Number(this.ev(n.target));
        const v = n.op === "++" ? old + 1 : old - 1;
        this.assign(n.target, v);
        return n.prefix ? v : old;
      }
      case "bin": {
        const l = this.ev(n.l);
        if (n.op === "&&") return l ? this.ev(n.r) : l;
        if (n.op === "||") return l ? l : this.ev(n.r);
        if (n.op === "??") return l ?? this.ev(n.r);
        return binary(n.op, l, this.ev(n.r));
      }
      case "cond": return this.ev(n.test) ? this.ev(n.yes) : this.ev(n.no);
      case "assign": {
        if (n.op === "=") {
          const v = this.ev(n.value);
          this.assign(n.target, v);
          return v;
        }
        const old = this.ev(n.target);
        const op = n.op.slice(0, -1);
        if ((op === "&&" && !old) || (op === "||" && old) || (op === "??" && old != null)) return old;
        const v = op === "&&" || op === "||" || op === "??" ? this.ev(n.value) : binary(op, old, this.ev(n.value));
        this.assign(n.target, v);
        return v;
      }
      case "seq": {
        let v: unknown;
        for (const i of n.items) v = this.ev(i);
        return v;
      }
    }
  }

  private delete(target: Node): boolean {
    if (target.k === "id") {
      if (isData(this.self) && Object.hasOwn(this.self, target.name)) return Reflect.deleteProperty(this.self, target.name);
      return !this.locals.has(target.name);
    }
    if (target.k !== "member") {
      this.ev(target);
      return true;
    }
    const obj = this.ev(target.obj);
    const key = this.key(target);
    if (obj === null || obj === undefined) throw new SnippetError("TypeError", `Cannot convert undefined or null to object`);
    if (!isData(obj)) return false;
    return Reflect.deleteProperty(obj, key);
  }

  /** Runs statements; `done` once a return ran. `last` is the last expression statement's value. */
  exec(body: Stmt[]): { done: boolean; value: unknown; last: unknown } {
    let last: unknown;
    for (const s of body) {
      this.step();
      switch (s.k) {
        case "expr":
          last = this.ev(s.e);
          break;
        case "return":
          return { done: true, value: s.e ? this.ev(s.e) : undefined, last };
        case "var":
          for (const [name, init] of s.decls) if (init || !this.locals.has(name)) this.locals.set(name, init ? this.ev(init) : undefined);
          break;
        case "if":
        case "block": {
          const branch = s.k === "block" ? s.body : this.ev(s.test) ? [s.yes] : s.no ? [s.no] : [];
          const r = this.exec(branch);
          if (r.done) return r;
          if (branch.length) last = r.last ?? last;
        }
      }
    }
    return { done: false, value: undefined, last };
  }
}

function describe(n: Node): string {
  if (n.k === "id") return n.name;
  if (n.k === "this") return "this";
  if (n.k === "member") return `${describe(n.obj)}.${n.prop.k === "lit" ? String(n.prop.v) : "[...]"}`;
  return "expression";
}

export interface Snippet {
  /** Runs the snippet with `this` = item; for -c, the value that decides whether to keep it. */
  run(item: unknown): unknown;
}

/**
 * Compiles a -c or -e snippet. json wraps a -c snippet without `return` as `return (CODE)`;
 * here such a snippet is statements and its value is that of the last expression statement
 * (the same for every snippet json accepts). With a `return`, it is a function body.
 */
export function compile(src: string): Snippet {
  let body: Stmt[];
  try {
    body = parseProgram(src);
  } catch (e) {
    if (e instanceof ExprError) throw new ExprError(`unsupported expression ${JSON.stringify(src)}: ${e.message}`);
    throw e;
  }
  const returns = hasReturn(body);
  return {
    run(item) {
      // A null item is `this` = the global object in json; here a throwaway object.
      const r = new Run(item === null || item === undefined ? {} : item).exec(body);
      return returns ? r.value : r.last;
    },
  };
}
