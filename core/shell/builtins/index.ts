// The builtin table. Anything not here (and not a function) goes to ShellHost.run.
import { breakBuiltin, cd, continueBuiltin, evalBuiltin, exec, exit, falseBuiltin, pwd, returnBuiltin, source, trueBuiltin, wait } from "./control.ts";
import { echo, printf } from "./output.ts";
import { test } from "./test.ts";
import type { Builtin } from "./types.ts";
import { exportBuiltin, local, read, readonly, set, shift, unset } from "./vars.ts";

export type { Builtin, BuiltinContext, BuiltinRuntime } from "./types.ts";

export const BUILTINS: Readonly<Record<string, Builtin | undefined>> = Object.assign(Object.create(null) as Record<string, Builtin>, {
  ":": trueBuiltin,
  true: trueBuiltin,
  false: falseBuiltin,
  echo,
  printf,
  test,
  "[": test,
  cd,
  pwd,
  exit,
  return: returnBuiltin,
  break: breakBuiltin,
  continue: continueBuiltin,
  eval: evalBuiltin,
  ".": source,
  source,
  exec,
  wait,
  export: exportBuiltin,
  readonly,
  unset,
  local,
  set,
  shift,
  read,
});
