// The syntax tree produced by parse(). Plain data (JSON-serialisable), so tests can compare it structurally.

export interface Script {
  type: "Script";
  body: List;
}

/** Commands separated by `;`, `&` or newlines. */
export interface List {
  type: "List";
  items: ListItem[];
}

export interface ListItem {
  command: AndOr;
  background: boolean; // terminated by `&`
}

/** `a && b || c`: left-associative, equal precedence. */
export interface AndOr {
  type: "AndOr";
  first: Pipeline;
  rest: { op: "&&" | "||"; pipeline: Pipeline }[];
}

export interface Pipeline {
  type: "Pipeline";
  negated: boolean; // leading `!`
  commands: Command[];
}

export type Command = SimpleCommand | Group | Subshell | If | For | While | Case | FunctionDef;

export interface SimpleCommand {
  type: "Simple";
  assignments: Assignment[];
  words: Word[];
  redirects: Redirect[];
}

export interface Assignment {
  name: string;
  value: Word;
  append: boolean; // NAME+=value
}

export interface Group {
  type: "Group"; // { list; }
  body: List;
  redirects: Redirect[];
}

export interface Subshell {
  type: "Subshell"; // ( list )
  body: List;
  redirects: Redirect[];
}

export interface If {
  type: "If";
  clauses: { condition: List; body: List }[]; // if + each elif
  elseBody: List | null;
  redirects: Redirect[];
}

export interface For {
  type: "For";
  variable: string;
  items: Word[] | null; // null: no `in`, iterate over "$@"
  body: List;
  redirects: Redirect[];
}

export interface While {
  type: "While";
  until: boolean;
  condition: List;
  body: List;
  redirects: Redirect[];
}

export interface Case {
  type: "Case";
  subject: Word;
  arms: { patterns: Word[]; body: List }[];
  redirects: Redirect[];
}

export interface FunctionDef {
  type: "Function";
  name: string;
  body: Command;
}

export type RedirectOp = "<" | ">" | ">>" | ">|" | "<&" | ">&" | "&>" | "&>>" | "<<" | "<<-" | "<<<";

export interface Redirect {
  fd: number | null; // explicit N in `N>file`; null means the operator's default (0 for <, 1 for >)
  op: RedirectOp;
  target: Word; // for here-docs: the body (already a Word)
}

export interface Word {
  type: "Word";
  parts: WordPart[];
}

/**
 * Literal: unquoted text (subject to nothing — globbing is not supported). Quoted: single-quoted or
 * backslash-escaped text. Double: "..." whose parts are Literal/Param/CommandSub/Arith, none of them split.
 */
export type WordPart =
  | { type: "Literal"; value: string }
  | { type: "Quoted"; value: string }
  | { type: "Double"; parts: WordPart[] }
  | Param
  | { type: "CommandSub"; body: List }
  | { type: "Arith"; expr: Word };

export type ParamOp =
  | ":-" | "-" | ":=" | "=" | ":+" | "+" | ":?" | "?"
  | "#" | "##" | "%" | "%%" // pattern removal
  | "length"; // ${#name}

export interface Param {
  type: "Param";
  name: string;
  op: ParamOp | null;
  arg: Word | null;
}
