// How json prints a value: the output modes (-o jsony|json|json-N|inspect|compact, -j, -i,
// -0/-2/-4) and the datasets of a run (value, separator, whether to print the separator when
// the value prints as nothing).
import { inspect } from "node:util";

export type OutputMode = "jsony" | "json" | "inspect" | "compact";

export interface OutputOpts {
  outputMode: OutputMode;
  /** Spaces, or "\t" for `json-tab`. */
  jsonIndent: number | string;
}

/** One thing to print: json's `[datum, sep, alwaysPrintSep]`. */
export type Dataset = [unknown, string, boolean];

function compact(datum: unknown): string | undefined {
  if (datum === undefined) return undefined;
  if (!Array.isArray(datum)) return JSON.stringify(datum, null, 0);
  // One element per line, a space after each comma between members (not inside strings
  // that look like `,"`: the lookahead skips `,",` and `,":`, as json's does).
  const bits = ["[\n"];
  for (const d of datum) bits.push("  ", (JSON.stringify(d, null, 0) ?? "undefined").replace(/,"(?![,:])/g, ', "'), ",\n");
  bits.push(bits.pop()!.slice(0, -2) + "\n");
  bits.push("]");
  return bits.join("");
}

/** json's stringifyDatum; undefined when the value prints as nothing. */
export function stringifyDatum(datum: unknown, opts: OutputOpts): string | undefined {
  switch (opts.outputMode) {
    case "inspect":
      return inspect(datum, false, Infinity, false);
    case "json":
      return datum === undefined ? undefined : JSON.stringify(datum, null, opts.jsonIndent);
    case "compact":
      return compact(datum);
    case "jsony":
      if (typeof datum === "string") return datum;
      return datum === undefined ? undefined : JSON.stringify(datum, null, opts.jsonIndent);
  }
}

/** json's printDatasets, to text: an empty or absent value prints its separator only if asked. */
export function renderDatasets(datasets: Dataset[], opts: OutputOpts): string {
  let out = "";
  for (const [datum, sep, always] of datasets) {
    const s = stringifyDatum(datum, opts);
    if (s) out += s + sep;
    else if (always) out += sep;
  }
  return out;
}
