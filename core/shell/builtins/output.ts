// echo and printf. Strings are written as UTF-8; `\xHH` above 0x7f therefore yields U+00HH's encoding.
import { decodeEscapes } from "../scanner.ts";
import { fail, out, type Builtin } from "./types.ts";

/** bash's echo: flags -n -e -E (combinable, e.g. -ne) until the first other argument; no escapes by default. */
export const echo: Builtin = async (ctx) => {
  const args = ctx.argv.slice(1);
  let newline = true;
  let escapes = false;
  while (args.length > 0 && /^-[neE]+$/.test(args[0])) {
    for (const flag of args.shift()!.slice(1)) {
      if (flag === "n") newline = false;
      else escapes = flag === "e";
    }
  }
  let text = args.join(" ");
  if (escapes) {
    const decoded = decodeEscapes(text, true);
    text = decoded.text;
    if (decoded.stop) newline = false;
  }
  await out(ctx, newline ? text + "\n" : text);
  return 0;
};

const SPEC = /%([-+ #0]*)(\*|[0-9]+)?(?:\.(\*|[0-9]*))?([diouxXcsbfeEgG%])/g;

/** printf FORMAT [ARGS...]: the format is reused until the arguments are used up. */
export const printf: Builtin = async (ctx) => {
  const args = ctx.argv.slice(1);
  if (args[0] === "--") args.shift();
  const format = args.shift();
  if (format === undefined) return fail(ctx, "usage: printf format [arguments]", 2);
  let status = 0;
  let output = "";
  let stop = false;
  do {
    const consumedBefore = args.length;
    const { text: fmt } = decodeEscapes(format, false);
    output += fmt.replace(SPEC, (_m, flags: string, width: string | undefined, precision: string | undefined, conv: string) => {
      if (stop) return "";
      if (conv === "%") return "%";
      const w = width === "*" ? Number(args.shift() ?? 0) : width === undefined ? undefined : Number(width);
      const p = precision === "*" ? Number(args.shift() ?? 0) : precision === undefined ? undefined : Number(precision || 0);
      const arg = args.shift() ?? "";
      let body: string;
      switch (conv) {
        case "s":
          body = p === undefined ? arg : arg.slice(0, p);
          break;
        case "b": {
          const decoded = decodeEscapes(arg, true);
          if (decoded.stop) stop = true;
          body = p === undefined ? decoded.text : decoded.text.slice(0, p);
          break;
        }
        case "c":
          body = arg.slice(0, 1);
          break;
        case "f": case "e": case "E": case "g": case "G": {
          const n = arg === "" ? 0 : Number(arg);
          if (Number.isNaN(n)) status = 1;
          const digits = p ?? 6;
          body = conv === "f" ? n.toFixed(digits) : conv.toLowerCase() === "e" ? n.toExponential(digits) : String(Number(n.toPrecision(digits || 1)));
          if (conv === "E" || conv === "G") body = body.toUpperCase();
          if (flags.includes("+") && n >= 0) body = "+" + body;
          break;
        }
        default: {
          const n = toInteger(arg);
          if (n === null) status = 1;
          const v = n ?? 0n;
          const radix = conv === "o" ? 8 : conv === "x" || conv === "X" ? 16 : 10;
          const magnitude = (conv === "u" || radix !== 10) && v < 0n ? BigInt.asUintN(64, v) : v < 0n ? -v : v;
          let digits = magnitude.toString(radix);
          if (conv === "X") digits = digits.toUpperCase();
          if (p !== undefined) digits = digits.padStart(p, "0");
          const sign = v < 0n && radix === 10 && conv !== "u" ? "-" : flags.includes("+") ? "+" : flags.includes(" ") ? " " : "";
          body = sign + digits;
          if (flags.includes("0") && !flags.includes("-") && w !== undefined && p === undefined) {
            body = sign + digits.padStart(w - sign.length, "0");
          }
        }
      }
      if (w !== undefined && body.length < w) body = flags.includes("-") ? body.padEnd(w) : body.padStart(w);
      return body;
    });
    if (args.length === consumedBefore) break; // the format takes no arguments
  } while (args.length > 0 && !stop);
  await out(ctx, output);
  if (status !== 0) await fail(ctx, "invalid number", 1);
  return status;
};

function toInteger(arg: string): bigint | null {
  const t = arg.trim();
  if (t === "") return 0n;
  if (/^['"]/.test(t)) return BigInt(t.codePointAt(1) ?? 0); // printf %d "'A" is the character code
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(t);
  if (m === null) return null;
  const body = m[2];
  const v = /^0[xX]/.test(body) ? BigInt(body) : body.length > 1 && body.startsWith("0") ? BigInt("0o" + body.slice(1)) : BigInt(body);
  return m[1] === "-" ? -v : v;
}
