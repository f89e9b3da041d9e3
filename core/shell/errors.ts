// Errors and control-flow signals of the shell. Signals are thrown (not returned) because `exit`, `return`,
// `break` and `continue` unwind through arbitrarily nested lists; each is caught by exactly one construct.

/** A parse failure. `message` is bash-like ("unexpected token `|'"); `position` is a 0-based offset in the source. */
export class ShellSyntaxError extends Error {
  override readonly name = "ShellSyntaxError";
  constructor(message: string, readonly position: number) {
    super(message);
  }
}

/**
 * Thrown by a pipe writer once the reading end is closed (the reader exited, like `head`). Hosts map it to
 * WASI errno EPIPE; a pipeline stage that lets it escape ends with status 141 (128 + SIGPIPE), as in bash.
 */
export class BrokenPipeError extends Error {
  override readonly name = "BrokenPipeError";
  readonly code = "EPIPE";
  constructor() {
    super("Broken pipe");
  }
}

/**
 * A fatal runtime error (unbound variable, `${x:?}`, bad arithmetic): print `sh: message` and leave the
 * (sub)shell with `status`. bash ends the top-level shell of an unbound-variable error with 127, hence the second
 * status.
 */
export class ShellFatalError extends Error {
  override readonly name = "ShellFatalError";
  constructor(message: string, readonly status: number, readonly topLevelStatus = status) {
    super(message);
  }
}

/** `exit N`: caught by the script top level and by subshell boundaries. */
export class ExitSignal {
  constructor(readonly status: number) {}
}

/** `return N`: caught by the function call (or `source`). */
export class ReturnSignal {
  constructor(readonly status: number) {}
}

/** `break N` / `continue N`: caught by loops, each decrementing `levels`. */
export class LoopSignal {
  constructor(readonly kind: "break" | "continue", readonly levels: number) {}
}
