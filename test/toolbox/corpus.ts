/**
 * Seeded corpora for differential tests. Deterministic (mulberry32), so a
 * failure reproduces; each generator stresses one input shape the tools must
 * handle byte-exactly (no trailing newline, > 64 KiB lines, UTF-8, CSV, signed
 * decimals, heavy duplication, multi-MiB).
 */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  "alpha", "Beta", "gamma", "DELTA", "epsilon", "zeta", "eta", "Theta", "iota", "kappa", "lambda", "mu",
  "foo", "bar", "baz", "qux", "the", "quick", "brown", "fox", "_under", "x1", "ÿes", "naïve", "日本", "über",
];

export function words(r: () => number, n: number): string[] {
  return Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)] as string);
}

/** Lines of space/tab separated words, some blank, some with leading blanks. */
export function text(seed: number, lines: number): string {
  const r = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const k = Math.floor(r() * 8);
    const lead = r() < 0.1 ? "  " : r() < 0.05 ? "\t" : "";
    const sep = r() < 0.2 ? "\t" : " ";
    out.push(k === 0 ? "" : lead + words(r, k).join(sep) + (r() < 0.05 ? " " : ""));
  }
  return out.join("\n") + "\n";
}

/** Signed integers and decimals, with blanks, empties and junk mixed in. */
export function numbers(seed: number, lines: number): string {
  const r = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const p = r();
    if (p < 0.05) out.push("");
    else if (p < 0.1) out.push(words(r, 1)[0] as string);
    else if (p < 0.15) out.push(`  ${Math.floor(r() * 100)}`);
    else if (p < 0.2) out.push(`-0${r() < 0.5 ? ".0" : ""}`);
    else if (p < 0.6) out.push(String(Math.floor((r() - 0.5) * 2000)));
    else out.push(((r() - 0.5) * 1000).toFixed(Math.floor(r() * 4)));
  }
  return out.join("\n") + "\n";
}

/** CSV with a header, comment lines and repeated categories in column 3. */
export function csv(seed: number, rows: number): string {
  const r = rng(seed);
  const cats = ["red", "green", "blue", "cyan", "magenta", "yellow", "black", "white"];
  const out = ["# generated", "id,name,color,amount,score"];
  for (let i = 0; i < rows; i++) {
    if (r() < 0.03) out.push("# comment " + i);
    const cat = cats[Math.floor(Math.pow(r(), 2) * cats.length)] as string;
    out.push(`${i},${words(r, 1)[0]},${cat},${(r() * 1000 - 200).toFixed(2)},${Math.floor(r() * 100)}`);
  }
  return out.join("\n") + "\n";
}

/** Few distinct lines repeated many times, partly adjacent. */
export function dups(seed: number, lines: number): string {
  const r = rng(seed);
  const pool = words(r, 12).concat(["", "Foo", "foo", "FOO", "a b", "a  b"]);
  const out: string[] = [];
  while (out.length < lines) {
    const w = pool[Math.floor(r() * pool.length)] as string;
    const rep = 1 + Math.floor(r() * 4);
    for (let k = 0; k < rep; k++) out.push(w);
  }
  return out.join("\n") + "\n";
}

export function longLine(seed: number): string {
  const r = rng(seed);
  return "start " + words(r, 20000).join(" ") + " end\nshort\n" + "x".repeat(70000) + "\n";
}

/** About `mib` MiB of mixed records (used for spilling and throughput). */
export function big(seed: number, mib: number): string {
  const r = rng(seed);
  const parts: string[] = [];
  let size = 0;
  while (size < mib * 1024 * 1024) {
    const line = `${Math.floor(r() * 100000)}\t${words(r, 3).join(" ")}\t${(r() * 100).toFixed(3)}`;
    parts.push(line);
    size += line.length + 1;
  }
  return parts.join("\n") + "\n";
}

export const EDGE_INPUTS: Record<string, string> = {
  empty: "",
  newlineOnly: "\n",
  noTrailingNewline: "one two\nthree four five\nsix",
  blankLines: "\n\n a\n\n\nb \n",
  utf8: "héllo wörld\n日本語 テキスト\nnaïve café\nÿ\n",
  controls: "a\x01b c\x7f d\r\ne\x0bf\n",
};
