// json's LOOKUP arguments: `a.b.c`, `a.0`, `a["b.c"]`, `a['b']`, `-1` (from the end of an
// array), another delimiter with -D. Bracketed parts must be quoted strings, as json v10+
// requires (it stopped eval'ing them: trentm/json#144); nothing here is ever evaluated.

export type LookupBit = string | number;

export class LookupError extends Error {}

const ESCAPES: Readonly<Record<string, string>> = { "'": "'", '"': '"', "`": "`", "\\": "\\", n: "\n", r: "\r", t: "\t", v: "\v", b: "\b", f: "\f" };

/** Splits LOOKUP into its keys, as json's parseLookup does (same states, same quirks). */
export function parseLookup(lookup: string, delim = "."): LookupBit[] {
  const bits: LookupBit[] = [];
  const states: (string | null)[] = [null];
  let bit = "";
  const flush = () => {
    if (bit !== "") bits.push(bit);
    bit = "";
  };
  for (let i = 0; i < lookup.length; i++) {
    const ch = lookup[i]!;
    if (ch === "\\" && i + 1 < lookup.length) {
      const escaped = ESCAPES[lookup[i + 1]!];
      if (escaped !== undefined) {
        bit += escaped;
        i++;
        continue;
      }
    }
    const state = states[states.length - 1];
    if (state === null) {
      if (ch === '"' || ch === "'") {
        states.push(ch);
        bit += ch;
      } else if (ch === "[") {
        states.push(ch);
        flush();
        bit += ch;
      } else if (ch === delim) flush();
      else bit += ch;
    } else if (state === "[") {
      bit += ch;
      if (ch === '"' || ch === "'" || ch === "[") states.push(ch);
      else if (ch === "]") {
        states.pop();
        if (states[states.length - 1] === null) {
          const open = bit[1] ?? "";
          if (!'"\'`'.includes(open) || open === "" || open !== bit.slice(-2, -1)) {
            throw new LookupError(`invalid bracketed lookup string: ${JSON.stringify(bit)} (must be of the form ['...'], ["..."], or [\`...\`])`);
          }
          bits.push(bit.slice(2, -2));
          bit = "";
        }
      }
    } else {
      // Inside a quoted part: the quotes stay in the key, as json keeps them.
      bit += ch;
      if (ch === state) {
        states.pop();
        if (states[states.length - 1] === null) flush();
      }
    }
  }
  flush();
  // Negative integers index from the end of an array (Python style).
  return bits.map((b) => (typeof b === "string" && /^-\d+$/.test(b) ? Number(b) : b));
}

/**
 * One step of a lookup. Only own properties, array/string indexes and `length`: json reads
 * `d[bit]`, which would also reach inherited members, but those are functions and print as
 * nothing, exactly like a missing key.
 */
export function child(d: unknown, bit: LookupBit): unknown {
  // json reads `d[d.length + bit]`: on an object without `length` that is d["NaN"].
  const key = typeof bit === "number" && bit < 0 ? String((child(d, "length") as number) + bit) : String(bit);
  if (typeof d === "string") {
    if (key === "length") return d.length;
    return /^(0|[1-9]\d*)$/.test(key) && Number(key) < d.length ? d[Number(key)] : undefined;
  }
  if (typeof d === "object" && d !== null) {
    if (Array.isArray(d) && key === "length") return d.length;
    return Object.hasOwn(d, key) ? (d as Record<string, unknown>)[key] : undefined;
  }
  return undefined;
}

export function lookupDatum(datum: unknown, lookup: LookupBit[]): unknown {
  let d = datum;
  for (const bit of lookup) {
    if (d === null) return undefined;
    d = child(d, bit);
    if (d === undefined) return undefined;
  }
  return d;
}

/** The key json files a lookup's value under in its result row (`lookup.join('.')`). */
export const lookupKey = (lookup: LookupBit[]): string => lookup.join(".");

/** Sets an own data property, so no key (not even `__proto__`) can reach a prototype. */
export function setOwn(obj: object, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}
