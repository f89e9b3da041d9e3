// What json does with one parsed document, in json.js's order: -M items, -e executions,
// -c conditions, lookups (a table of rows with -a), -k keys; then the datasets to print.
import type { Snippet } from "./expr.ts";
import { lookupDatum, lookupKey, setOwn, type LookupBit } from "./lookup.ts";
import type { JsonOpts } from "./options.ts";
import type { Dataset } from "./output.ts";

export interface Program {
  opts: JsonOpts;
  lookups: LookupBit[][];
  exe: Snippet[];
  cond: Snippet[];
}

/** json's objCopy: -c sees a shallow copy, so top-level writes in a condition do not stick. */
function shallowCopy(v: unknown): unknown {
  if (Array.isArray(v)) return v.slice();
  if (typeof v === "object") {
    if (v === null) throw new TypeError("Cannot convert undefined or null to object");
    const copy = {};
    for (const k of Object.keys(v)) setOwn(copy, k, (v as Record<string, unknown>)[k]);
    return copy;
  }
  return v;
}

function items(data: unknown): unknown {
  if (Array.isArray(data)) return data;
  const keys = typeof data === "string" ? Object.keys(data) : typeof data === "object" && data !== null ? Object.keys(data) : [];
  return keys.map((key) => ({ key, value: (data as Record<string, unknown>)[key] }));
}

/** Whether -e/-c treat the input item by item (arrays, unless -A; everything with -a). */
const perItem = (opts: JsonOpts, data: unknown) => opts.array === true || (opts.array === null && Array.isArray(data));

function execute(p: Program, data: unknown): unknown {
  if (!p.exe.length) return data;
  if (!perItem(p.opts, data)) {
    for (const s of p.exe) s.run(data);
    return data;
  }
  const list = Array.isArray(data) ? data : [data];
  for (const datum of list) for (const s of p.exe) s.run(datum);
  return data;
}

function filter(p: Program, data: unknown): unknown {
  if (!p.cond.length) return data;
  const keep = (datum: unknown) => {
    const copy = shallowCopy(datum);
    return p.cond.every((s) => s.run(copy));
  };
  if (!perItem(p.opts, data)) return keep(data) ? data : undefined;
  if (!Array.isArray(data)) return keep(data) ? data : []; // json's quirk: a dropped non-array becomes []
  return data.filter(keep);
}

function row(datum: unknown, lookups: LookupBit[][]): Record<string, unknown> {
  const r = {};
  for (const lookup of lookups) {
    const value = lookupDatum(datum, lookup);
    if (value !== undefined) setOwn(r, lookupKey(lookup), value);
  }
  return r;
}

const at = (r: unknown, key: string): unknown => (typeof r === "object" && r !== null && Object.hasOwn(r, key) ? (r as Record<string, unknown>)[key] : undefined);

export function processDatum(p: Program, input: unknown): Dataset[] {
  const { opts, lookups } = p;
  let data = input;
  if (opts.items) data = items(data);
  data = execute(p, data);
  data = filter(p, data);

  let lookupsAreIndexes = false;
  if (lookups.length) {
    if (opts.array) {
      data = (Array.isArray(data) ? data : [data]).map((d) => row(d, lookups));
    } else {
      // Lookups that are all indexes into an array print, with -j, as an array of those items.
      lookupsAreIndexes = Array.isArray(data) && lookups.every((l) => l.length === 1 && !Number.isNaN(Number(l[0])));
      data = row(data, lookups);
    }
  }
  if (opts.outputKeys) {
    if (data === null || data === undefined) throw new TypeError("Cannot convert undefined or null to object");
    data = Object.keys(data);
  }

  const keys = lookups.map(lookupKey);
  if (opts.outputMode === "json") {
    // JSON output is always one valid document; a single lookup prints its value alone.
    if (lookups.length === 1 && !opts.array) data = at(data, keys[0]!);
    else if (lookupsAreIndexes) data = keys.filter((k) => Object.hasOwn(data as object, k)).map((k) => at(data, k));
    return [[data, "\n", false]];
  }
  if (lookups.length) {
    if (!opts.array) return keys.map((k) => [at(data, k), "\n", false]);
    // A table: one line per item, lookups separated by -d.
    const out: Dataset[] = [];
    for (const r of data as unknown[]) keys.forEach((k, i) => out.push([at(r, k), i < keys.length - 1 ? opts.delim : "\n", true]));
    return out;
  }
  if (opts.array) return (Array.isArray(data) ? data : [data]).map((d): Dataset => [d, "\n", false]);
  return [[data, "\n", false]];
}
