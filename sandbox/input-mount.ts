// Where a task's or a session's input object appears inside the sandbox, decided in one place:
// mounted read-only at inputFile(path) (core/jobs/naming.ts), named by $MANTA_INPUT_FILE
// (and marlin's mc_input_file). Two modules once each added the /manta prefix.
import { inputFile } from "../core/jobs/naming.ts";
import type { TaskInput } from "./run-task.ts";

export interface MountedInput {
  env: Record<string, string>;
  input: { path: string; size: number } | null;
  readInput: ((offset: number, length: number) => Promise<Uint8Array>) | null;
}

export function mountInput(env: Record<string, string>, input: TaskInput | undefined): MountedInput {
  if (!input) return { env, input: null, readInput: null };
  const mount = inputFile(input.path);
  return {
    env: { ...env, MANTA_INPUT_FILE: mount, mc_input_file: mount },
    input: { path: mount, size: input.size },
    readInput: (offset, length) => input.read(offset, length),
  };
}
