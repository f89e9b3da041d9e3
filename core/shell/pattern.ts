// Shell patterns (`case` arms, `${x#pat}`) as regular expressions. Only quoted text is literal; `*`, `?` and
// `[...]` from unquoted text (including unquoted expansions) are wildcards. Filename globbing is not done.

export interface PatternPiece {
  text: string;
  quoted: boolean;
}

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/-]/g;

export function patternSource(pieces: PatternPiece[]): string {
  let out = "";
  for (const { text, quoted } of pieces) {
    if (quoted) {
      out += text.replace(REGEX_SPECIAL, "\\$&");
      continue;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === "*") out += "[\\s\\S]*";
      else if (c === "?") out += "[\\s\\S]";
      else if (c === "[") {
        const cls = bracket(text, i);
        if (cls === null) out += "\\[";
        else {
          out += cls.source;
          i = cls.end;
        }
      } else out += c.replace(REGEX_SPECIAL, "\\$&");
    }
  }
  return out;
}

/** `[abc]`, `[!a-z]`, `[^0-9]`; null when there is no closing bracket (then `[` is literal). */
function bracket(text: string, start: number): { source: string; end: number } | null {
  let i = start + 1;
  let negate = false;
  if (text[i] === "!" || text[i] === "^") {
    negate = true;
    i++;
  }
  let body = "";
  if (text[i] === "]") {
    body += "\\]";
    i++;
  }
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === "]") return { source: `[${negate ? "^" : ""}${body}]`, end: i };
    body += c === "\\" || c === "^" || c === "[" ? "\\" + c : c;
  }
  return null;
}

export function matchesPattern(subject: string, pieces: PatternPiece[]): boolean {
  return new RegExp(`^(?:${patternSource(pieces)})$`).test(subject);
}

/** `${v#p}` (prefix) / `${v%p}` (suffix), shortest or longest match. */
export function removeAffix(value: string, pieces: PatternPiece[], suffix: boolean, longest: boolean): string {
  const re = new RegExp(`^(?:${patternSource(pieces)})$`);
  const chars = [...value];
  const n = chars.length;
  for (let k = 0; k <= n; k++) {
    const len = longest ? n - k : k;
    const part = suffix ? chars.slice(n - len).join("") : chars.slice(0, len).join("");
    if (re.test(part)) return suffix ? chars.slice(0, n - len).join("") : chars.slice(len).join("");
  }
  return value;
}
