// Differential tests of bc against GNU bc: scale rules of / % ^ * and sqrt, long numbers
// (and the 70-column backslash wrap), variables and compound assignment, comparisons and
// logic, strings, comments, errors that drop one statement, -l's scale.
import { describe, expect, it } from "vitest";
import { rng } from "./corpus.ts";
import { both, sandboxForFile, view } from "./harness.ts";

const sb = sandboxForFile();

const PROGRAMS: Record<string, string> = {
  basics: "1+2\n0.00\n-0.5\n.5+.5\n1.000\n-2^2\n(1+2)*3-4/5\n0-0\n1.23456789 * 1\n0.1 + 0.2\n",
  division: "1/3\nscale=5\n1/3\n-1/3\n-7/2\n1/7\nscale=0\n17/4\n-17/4\n100/7\n",
  modulo: "7%3\nscale=5\n7%3\n7.5%2\nscale=2\n7.5%2\n-7%2\nscale=0\n17%-4\n-17%4\n",
  power: "2^10\n2^-2\nscale=5\n2^-2\n1.5^3\n(-2)^3\n0.1^5\nscale=3\n1.05^10\n2^100\n2^1000\n",
  multiply: "1.5*1.25\nscale=1\n1.5*1.25\n123456789012345678901234567890 * 987654321098765432109876543210\n99999999999999999999 / 7\n",
  sqrt: "sqrt(2)\nscale=20\nsqrt(2)\nsqrt(16)\nsqrt(0.25)\nsqrt(1000000)\nscale=3\nsqrt(0.0004)\n",
  funcs: "length(123.45)\nscale(1.234)\nlength(0)\nlength(0.001)\nscale(5)\n",
  vars: "x=5\nx*2\nx+=1\nx\nx^=2\nx\nx-=100; x\nx/=3\nx\nx%=5\nx\na = 3; b = 4; a*a + b*b\nabc_1 = 2.50; abc_1 * 4\nscale\nscale=7\nscale\nz\n",
  logic: "3<4\n4<3\n1==1\n2!=2\n3>=3\n2<=1\n!0\n!5\n2&&0\n0||3\n3 > 2 || 0\n-1 < 1\n-2 < -1\n",
  text: '"str\\n"\n"hello"; 5\n/* comment */ 5 # another\n/* multi\nline */ 6\n',
  errors: "10/0\n1+2\n1 +\n3\nx = 1/0\nx\n",
  big: Array.from({ length: 30 }, (_, i) => {
    const r = rng(81 + i);
    const n = () => `${Math.floor(r() * 1e9)}${Math.floor(r() * 1e9)}.${Math.floor(r() * 1e6)}`;
    return `scale=${i % 12}\n${n()} * ${n()}\n${n()} / ${n()}\n${n()} - ${n()}\n${n()} % ${n()}`;
  }).join("\n") + "\n",
};

describe("bc matches GNU bc", () => {
  it.each(Object.keys(PROGRAMS))("%s", (name) => {
    const { ours, gnu } = both(sb, "bc", [], { stdin: PROGRAMS[name] });
    expect(view(ours)).toEqual(view(gnu));
  });
  it("-l sets scale 20; files run before stdin; quit stops", () => {
    sb.write("prog.bc", "x = 2\nx + 1\n");
    sb.write("quit.bc", "7\nquit\n8\n");
    for (const [args, stdin] of [[["-l"], "1/3\n"], [["prog.bc"], "x * 10\n"], [["quit.bc"], "9\n"], [["-q", "prog.bc", "prog.bc"], ""]] as const) {
      const { ours, gnu } = both(sb, "bc", [...args], { stdin });
      expect(view(ours)).toEqual(view(gnu));
    }
  });
  it("answers --help", () => expect(sb.wasm("bc", ["--help"]).stdout.toString()).toMatch(/^Usage: bc/));
});
