// Word expansion: tilde, parameters, command substitution, arithmetic, then field splitting and quote removal.
//
// A word first becomes a list of pieces. A piece remembers whether it came from an unquoted expansion (`split`:
// subject to IFS splitting) and whether it was quoted (`quoted`: keeps an otherwise empty field alive, and is
// literal in patterns). `null` is a forced field break, produced only by "$@".
import type { List, Param, Word, WordPart } from "./ast.ts";
import { evaluateArithmetic } from "./arith.ts";
import { ShellFatalError } from "./errors.ts";
import { removeAffix, type PatternPiece } from "./pattern.ts";
import { SHELL_PID, type ShellState } from "./state.ts";

export interface ExpandContext {
  state: ShellState;
  /** Runs `$( )` in a subshell and returns its stdout, trailing newlines removed. */
  commandSub(body: List): Promise<string>;
}

type Piece = { text: string; split: boolean; quoted: boolean } | null;

/** Expands words into fields (command arguments, `for` lists). */
export async function expandFields(words: Word[], ctx: ExpandContext): Promise<string[]> {
  const fields: string[] = [];
  for (const word of words) fields.push(...splitFields(await wordPieces(word, ctx), ifsOf(ctx.state)));
  return fields;
}

/** Expands a word to one string without splitting (assignments, redirection targets, here-docs, `case`). */
export async function expandString(word: Word, ctx: ExpandContext): Promise<string> {
  return (await wordPieces(word, ctx)).map((p) => (p === null ? " " : p.text)).join("");
}

/** Expands a word into pattern pieces: quoted text is literal, the rest may hold wildcards. */
export async function expandPattern(word: Word, ctx: ExpandContext): Promise<PatternPiece[]> {
  return (await wordPieces(word, ctx)).map((p) => (p === null ? { text: " ", quoted: true } : { text: p.text, quoted: p.quoted }));
}

function ifsOf(state: ShellState): string {
  return state.get("IFS") ?? " \t\n";
}

async function wordPieces(word: Word, ctx: ExpandContext): Promise<Piece[]> {
  return partsPieces(tildeExpand(word.parts, ctx.state), false, ctx);
}

/** A leading unquoted `~` or `~/…` becomes $HOME (`~user` is left alone). */
function tildeExpand(parts: WordPart[], state: ShellState): WordPart[] {
  const first = parts[0];
  const home = state.get("HOME");
  if (first?.type !== "Literal" || !first.value.startsWith("~") || home === undefined) return parts;
  const slash = first.value.indexOf("/");
  const prefix = slash < 0 ? first.value : first.value.slice(0, slash);
  if (prefix !== "~" || (slash < 0 && parts.length > 1)) return parts;
  const rest = first.value.slice(1);
  return [{ type: "Quoted", value: home }, ...(rest === "" ? [] : [{ type: "Literal" as const, value: rest }]), ...parts.slice(1)];
}

async function partsPieces(parts: WordPart[], inDouble: boolean, ctx: ExpandContext): Promise<Piece[]> {
  const pieces: Piece[] = [];
  const expansion = (text: string): Piece => ({ text, split: !inDouble, quoted: inDouble });
  for (const part of parts) {
    switch (part.type) {
      case "Literal":
        pieces.push({ text: part.value, split: false, quoted: inDouble });
        break;
      case "Quoted":
        pieces.push({ text: part.value, split: false, quoted: true });
        break;
      case "Double":
        // "" is an empty field, but "$@" with no parameters is no field at all.
        if (!part.parts.some((p) => p.type === "Param" && p.name === "@" && p.op === null)) {
          pieces.push({ text: "", split: false, quoted: true });
        }
        pieces.push(...(await partsPieces(part.parts, true, ctx)));
        break;
      case "Param":
        pieces.push(...(await paramPieces(part, inDouble, ctx)));
        break;
      case "CommandSub":
        pieces.push(expansion(await ctx.commandSub(part.body)));
        break;
      case "Arith": {
        const source = await expandString(part.expr, ctx);
        pieces.push(expansion(String(evaluateArithmetic(source, ctx.state))));
        break;
      }
    }
  }
  return pieces;
}

function lookup(name: string, state: ShellState): string | undefined {
  switch (name) {
    case "?": return String(state.status);
    case "$": return SHELL_PID;
    case "#": return String(state.positional.length);
    case "!": return state.lastBackground;
    case "-": return (state.options.errexit ? "e" : "") + (state.options.nounset ? "u" : "");
    case "0": return "sh";
    case "@":
    case "*": return state.positional.length === 0 ? undefined : state.positional.join(" ");
  }
  if (/^[0-9]+$/.test(name)) return state.positional[Number(name) - 1];
  return state.get(name);
}

async function paramPieces(p: Param, inDouble: boolean, ctx: ExpandContext): Promise<Piece[]> {
  const { state } = ctx;
  const expansion = (text: string): Piece[] => [{ text, split: !inDouble, quoted: inDouble }];
  if ((p.name === "@" || p.name === "*") && p.op === null) {
    if (p.name === "*" && inDouble) return expansion(state.positional.join((ifsOf(state) + " ").slice(0, 1)));
    return state.positional.flatMap((arg, i) => (i === 0 ? expansion(arg) : [null, ...expansion(arg)]));
  }
  const value = lookup(p.name, state);
  const arg = async (): Promise<Piece[]> => (p.arg === null ? [] : partsPieces(p.arg.parts, inDouble, ctx));
  const missing = p.op !== null && p.op.startsWith(":") ? value === undefined || value === "" : value === undefined;
  switch (p.op) {
    case null:
      if (value === undefined && state.options.nounset) throw new ShellFatalError(`${p.name}: unbound variable`, 1, 127);
      return expansion(value ?? "");
    case "length":
      return expansion(String([...(value ?? "")].length));
    case ":-":
    case "-":
      return missing ? arg() : expansion(value ?? "");
    case ":=":
    case "=": {
      if (!missing) return expansion(value ?? "");
      if (!/^[A-Za-z_]/.test(p.name)) throw new ShellFatalError(`$${p.name}: cannot assign in this way`, 1);
      const assigned = p.arg === null ? "" : await expandString(p.arg, ctx);
      state.set(p.name, assigned);
      return expansion(assigned);
    }
    case ":+":
    case "+":
      return missing ? [] : arg();
    case ":?":
    case "?": {
      if (!missing) return expansion(value ?? "");
      const message = p.arg === null || p.arg.parts.length === 0 ? "parameter null or not set" : await expandString(p.arg, ctx);
      throw new ShellFatalError(`${p.name}: ${message}`, 1, 127);
    }
    default: {
      // Even inside "...", the operand of # and % is a pattern: only its own quoting makes text literal.
      const raw = p.arg === null ? [] : await partsPieces(p.arg.parts, false, ctx);
      const pattern = raw.flatMap((x) => (x === null ? [] : [{ text: x.text, quoted: x.quoted }]));
      return expansion(removeAffix(value ?? "", pattern, p.op.startsWith("%"), p.op.length === 2));
    }
  }
}

/**
 * IFS field splitting. IFS whitespace separates and collapses; other IFS characters each end a field (possibly
 * empty); text that is not from an unquoted expansion is never split.
 */
function splitFields(pieces: Piece[], ifs: string): string[] {
  const fields: string[] = [];
  let current = "";
  let started = false; // the current field exists even if empty ("" or a non-whitespace delimiter)
  let afterWhitespace = false;
  const end = (): void => {
    fields.push(current);
    current = "";
    started = false;
  };
  for (const piece of pieces) {
    if (piece === null) {
      end();
      continue;
    }
    if (!piece.split || ifs === "") {
      current += piece.text;
      if (piece.quoted || piece.text !== "") started = true;
      if (piece.text !== "") afterWhitespace = false;
      continue;
    }
    for (const c of piece.text) {
      if (!ifs.includes(c)) {
        current += c;
        started = true;
        afterWhitespace = false;
      } else if (c === " " || c === "\t" || c === "\n") {
        if (started) {
          end();
          afterWhitespace = true;
        }
      } else {
        if (started || !afterWhitespace) end();
        afterWhitespace = false;
      }
    }
  }
  if (started) fields.push(current);
  return fields;
}
