// Option parsing for the Manta tools, GNU style as node-manta's dashdash does it:
// `-abc`, `-o VALUE`, `-oVALUE`, `--name VALUE`, `--name=VALUE`, `--` ends options,
// options and operands may mix.

export interface OptionSpec {
  /** Single-letter flags, e.g. "lpqr". */
  flags?: string;
  /** Single letters that take a value, e.g. "oHc". */
  values?: string;
  /** Long names to their letter (or to themselves, for long-only options). */
  long?: Record<string, string>;
  /** The first operand starts a command line: options end there (xargs, env). */
  commandAfter?: boolean;
}

export interface Parsed {
  opts: Map<string, string[]>;
  operands: string[];
}

export class UsageError extends Error {}

export function parseArgs(args: string[], spec: OptionSpec): Parsed {
  const flags = new Set(spec.flags ?? "");
  const values = new Set(spec.values ?? "");
  const long = spec.long ?? {};
  const opts = new Map<string, string[]>();
  const operands: string[] = [];
  const add = (key: string, value: string) => opts.set(key, [...(opts.get(key) ?? []), value]);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const key = long[name];
      if (key === undefined) throw new UsageError(`unknown option: --${name}`);
      if (values.has(key) || (key.length > 1 && !flags.has(key))) {
        const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
        if (value === undefined) throw new UsageError(`option --${name} needs a value`);
        add(key, value);
      } else {
        if (eq >= 0) throw new UsageError(`option --${name} takes no value`);
        add(key, "");
      }
      continue;
    }
    if (arg.length < 2 || !arg.startsWith("-")) {
      if (spec.commandAfter) {
        operands.push(...args.slice(i));
        break;
      }
      operands.push(arg);
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j]!;
      if (flags.has(letter)) add(letter, "");
      else if (values.has(letter)) {
        const value = j + 1 < arg.length ? arg.slice(j + 1) : args[++i];
        if (value === undefined) throw new UsageError(`option -${letter} needs a value`);
        add(letter, value);
        break;
      } else throw new UsageError(`unknown option: -${letter}`);
    }
  }
  return { opts, operands };
}

export function has(p: Parsed, key: string): boolean {
  return p.opts.has(key);
}

export function last(p: Parsed, key: string): string | undefined {
  return p.opts.get(key)?.at(-1);
}

export function count(p: Parsed, key: string, what: string): number | undefined {
  const raw = last(p, key);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new UsageError(`${what} must be a non-negative integer: ${raw}`);
  return Number(raw);
}
