import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { csv, EDGE_INPUTS, numbers, text } from "./corpus.ts";
import { both, sandboxForFile, view } from "./harness.ts";

const sb = sandboxForFile();

const INPUTS: Record<string, string> = {
  ...EDGE_INPUTS,
  text: text(21, 200),
  numbers: numbers(22, 200),
  csv: csv(23, 200),
};

// Programs whose output does not depend on for-in order (or pipe it through a sorted key).
const PROGRAMS: Array<[string, string[]]> = [
  ["print $3", ["{print $3}"]],
  ["-F, column", ["-F,", "{print $3}"]],
  ["sum", ["{s+=$1} END {print s}"]],
  ["sum with decimals", ["-F,", "NR>2 {s+=$4} END {print s, s/NR; printf \"%.2f\\n\", s}"]],
  ["NF NR FNR", ["{print NR, FNR, NF, $NF, $(NF-1)}"]],
  ["field assignment rebuilds $0", ["{$2=\"X\"; print; print NF}"]],
  ["NF assignment", ["{NF=2; print}"]],
  ["OFS", ["BEGIN{OFS=\"-\"} {$1=$1; print}"]],
  ["ORS", ["BEGIN{ORS=\"|\"} {print NR}"]],
  ["regex pattern", ["/a/"]],
  ["negated regex match", ["$1 !~ /^[a-e]/ {print $1}"]],
  ["dynamic regex", ["{if ($0 ~ \"^[0-9]+$\") print \"num\", $0}"]],
  ["range pattern", ["NR==3,NR==5"]],
  ["range by regex", ["/foo/,/bar/ {print NR\": \"$0}"]],
  ["comparisons strnum", ["{print ($1 < 10), ($1 == \"10\"), ($1 > $2)}"]],
  ["uninitialized", ["{print x+0, x \"\", length(x)} END {print NR}"]],
  ["string functions", ["{print length($0), substr($0, 2, 3), substr($0, 0), substr($0, -1, 3), index($0, \"a\"), toupper($1), tolower($0)}"]],
  ["sub and gsub", ["{n=gsub(/a/, \"[&]\"); m=sub(/e/, \"\\\\&\"); print n, m, $0}"]],
  ["gsub empty matches", ["{gsub(/x*/, \"-\"); print}"]],
  ["match", ["{if (match($0, /[0-9]+/)) print RSTART, RLENGTH, substr($0, RSTART, RLENGTH); else print RSTART, RLENGTH}"]],
  ["split", ["{n=split($0, a, /[ ,]+/); print n, a[1], a[n]}"]],
  ["split default FS", ["{n=split($0, a); s=\"\"; for (i=n; i>0; i--) s=s a[i] \"/\"; print s}"]],
  // (%c of a field is covered below; gawk prints NUL for %c of a missing field, which we do not mimic)
  ["printf formats", ["{printf \"%5s|%-5s|%.2s|%d|%5.1f|%e|%g|%x|%o|%%|%i\\n\", $1, $2, $1, $1, $1, $1, $1, $1, $1, $1}"]],
  ["printf width star", ["BEGIN{printf \"%*d|%-*s|%.*f\\n\", 6, 42, 4, \"ab\", 2, 3.14159}"]],
  ["number output", ["BEGIN{print 0.1+0.2, 1e6, 1e20, 2^53, 1/3, -1/3, 100000*100000, 3.0, \"3.0\"+0, 017, 1e300*10 > 0; OFMT=\"%.2f\"; print 3.14159, 10; x = 3.14159 \"\"; print x; CONVFMT=\"%.3f\"; y = 3.14159 \"\"; print y}"]],
  ["arrays counts", ["{c[$1]++} END {n=0; for (k in c) n++; print n, length(c)}"]],
  ["arrays sorted output", ["{c[$1]+=1} END {for (k in c) print c[k], k}"]],
  ["in and delete", ["{a[NR]=$0} END {delete a[2]; print (2 in a), (1 in a), (NR in a); delete a; print length(a)}"]],
  ["multi subscripts", ["{m[NR,NF]=$1} END {for (k in m) {split(k, p, SUBSEP); t+=p[1]}; print t}"]],
  ["control flow", ["{for (i=1; i<=NF; i++) { if ($i ~ /^[0-9]/) continue; if (i > 3) break; printf \"%s;\", $i }; print \"\"} END {i=0; while (1) { if (++i > 3) break }; do { i-- } while (i > 0); print i}"]],
  ["next and exit", ["NR==2 {next} NR==5 {exit 3} {print} END {print \"end\", NR}"]],
  ["exit in BEGIN runs END", ["BEGIN {print \"b\"; exit} {print} END {print \"e\"}"]],
  ["user functions and recursion", ["function fib(n) { return n < 2 ? n : fib(n-1) + fib(n-2) } function fill(arr, n,  i) { for (i=1;i<=n;i++) arr[i]=i*i } BEGIN { print fib(15); fill(sq, 5); print sq[4], length(sq) }"]],
  ["math", ["BEGIN{print int(3.9), int(-3.9), sqrt(16), exp(0), log(1), sin(0), cos(0), atan2(0, -1), 7%3, -7%3, 2^10, 2**3}"]],
  ["assignment ops", ["{x+=$1; y-=1; z*=2; w=w \"\" NR; q=NR; q/=2; r=NR; r%=3; p=2; p^=3} END{print x, y, z+0, w, q, r, p}"]],
  ["increment", ["{print NR, i++, ++i, i--, --i, $1++}"]],
  ["-v and escapes", ["-v", "x=a\\tb", "-v", "n=5", "BEGIN{print x, n+1}"]],
  ["-F tab", ["-F", "\\t", "{print $2}"]],
  ["-F regex", ["-F", "[ ,]+", "{print $2, NF}"]],
  ["FS single char pipe-like", ["BEGIN{FS=\"|\"} {print $1}"]],
  ["paragraph mode", ["BEGIN{RS=\"\"} {print NR\": \"$1\" (\"NF\")\"}"]],
  ["RS single char", ["BEGIN{RS=\",\"} {print NR\":\"$0}"]],
  ["concatenation precedence", ["{print $1 \" \" $2 + 1, 1 \" \" -1, NR \":\" NR*2}"]],
  ["ternary and logic", ["{print (NF > 2 ? \"many\" : \"few\"), (NF && $1), (!NF || 0), !$1}"]],
  ["getline var", ["NR==1 {while ((getline line) > 0) n++; print n, line, NR}"]],
  ["string compare", ["{print ($1 < $2) ? $1 : $2}"]],
  ["length without parens", ["length > 10"]],
  ["semicolons and newlines", ["BEGIN {\n  x = 1\n  if (x)\n    print \"yes\"\n  else\n    print \"no\"\n}\n\n{ n++ }\nEND { print n + 0 }"]],
  ["regex classes", ["/^[[:upper:]][[:alpha:]]*/ {print $1} /[[:digit:]]+\\.[[:digit:]]/ {print \"dec\", $0}"]],
  ["printf %c of numbers and strings", ["BEGIN{printf \"%c%c%c\\n\", 72, \"ello\", 105}"]],
  ["substr edge", ["BEGIN{s=\"hello\"; print substr(s, 0, 2) \"|\" substr(s, 5, 10) \"|\" substr(s, 6) \"|\" substr(s, 2, -1) \"|\" substr(s, 1.5, 2)}"]],
];

describe("awk matches gawk byte for byte", () => {
  for (const [name, args] of PROGRAMS) {
    it(name, () => {
      for (const [input, stdin] of Object.entries(INPUTS)) {
        const { ours, gnu } = both(sb, "awk", args, { stdin });
        const o = view(ours);
        const g = view(gnu);
        if (name === "arrays sorted output") {
          // for-in order is unspecified; compare the multiset of lines
          o.stdout = o.stdout.split("\n").sort().join("\n");
          g.stdout = g.stdout.split("\n").sort().join("\n");
        }
        expect({ input, ...o }).toEqual({ input, ...g });
      }
    });
  }

  it("reads files and var=value operands in ARGV order", () => {
    const a = sb.write("a.txt", text(31, 20));
    const b = sb.write("b.txt", text(32, 20));
    const { ours, gnu } = both(sb, "awk", ["{print FILENAME, FNR, NR, x, $1}", a, "x=1", b]);
    expect(view(ours)).toEqual(view(gnu));
  });

  it("reads C escapes in regex literals, inside and outside brackets", () => {
    const stdin = "a\tb\nx/y\nfoo\\bar\nab\n";
    for (const prog of ["/\\t/ {print \"tab\", NR}", "/[\\t]/ {print \"bracket tab\", NR}", "/\\// {print \"slash\", NR}", "/o\\\\b/ {print \"backslash\", NR}", "/[\\a]/ {print \"letter a\", NR}"]) {
      const { ours, gnu } = both(sb, "awk", [prog], { stdin });
      expect(view(ours), prog).toEqual(view(gnu));
    }
  });

  it("prints NaN and infinities the way gawk does, padded to the width", () => {
    const prog = 'BEGIN { inf = 2^1024; printf "[%5d][%-6.2f][%e][%d]\\n", inf, -inf, log(-1), -log(0) }';
    const { ours, gnu } = both(sb, "awk", [prog]);
    expect(view(ours)).toEqual(view(gnu));
  });

  it("reports syntax errors with exit status 2", () => {
    const { ours, gnu } = both(sb, "awk", ["{print $1"]);
    expect(ours.status).toBe(2);
    expect(gnu.status).not.toBe(0);
    expect(ours.stdout.length).toBe(0);
  });

  it("recurses as deep as gawk up to its limit, and past it stops with an error instead of a crash", () => {
    const plain = (n: number) => `function f(n) { if (n > 0) return f(n-1); return 0 } BEGIN { print f(${n}) }`;
    const { ours, gnu } = both(sb, "awk", [plain(900)]);
    expect(view(ours)).toEqual(view(gnu));
    // Beyond the wasm stacks (1,300-2,000 plain calls, a few hundred inside builtins)
    // the call used to trap; now every shape of recursion gets awk's own message.
    const deep = "function f(n) { if (n > 0) { while (1) { x = 1 + (2 * (3 + f(n-1))); break } } return 0 } BEGIN { print f(5000) }";
    const builtins = 'function f(n) { if (n > 0) printf "%s", substr(sprintf("%d", f(n-1)), 1, 0); return 0 } BEGIN { print f(5000) }';
    for (const prog of [plain(1500), plain(100000), deep, builtins]) {
      const r = sb.wasm("awk", [prog]);
      expect({ status: r.status, stderr: r.stderr }, prog).toEqual({ status: 2, stderr: "awk: function call nesting too deep\n" });
    }
  });

  it("fails on -f DIR rather than running an empty program", () => {
    mkdirSync(join(sb.dir, "progdir"), { recursive: true });
    const { ours, gnu } = both(sb, "awk", ["-f", "progdir"], { stdin: "x\n" });
    expect(gnu.stderr).toContain("Is a directory");
    expect(gnu.status).not.toBe(0);
    expect({ status: ours.status, stdout: ours.stdout.toString(), stderr: ours.stderr }).toEqual({
      status: 2,
      stdout: "",
      stderr: "awk: can't read file progdir: Is a directory\n",
    });
  });
});
