// runSession: the host-side API for an interactive session (mlogin): the same isolate as
// runTask's (toolbox + the session's user programs), entered through `session` instead of
// `run`. The terminal crosses as two functions; see session-protocol.ts.
import { inputFile } from "../core/jobs/naming.ts";
import { sandboxFor } from "./isolate";
import type { TaskLimits } from "./protocol";
import type { SessionResult, TerminalEvent } from "./session-protocol";
import type { TaskInput } from "./run-task";
import { prepareUserPrograms } from "./user-programs";

export type { TerminalEvent } from "./session-protocol";

export interface SessionSpec {
  env: Record<string, string>;
  limits: TaskLimits;
  prompt: string;
  columns: number;
  lines: number;
  command: string | null;
  programs?: Record<string, ArrayBuffer>;
  assets?: Record<string, ArrayBuffer>;
  input?: TaskInput;
}

export interface TerminalPort {
  next(): Promise<TerminalEvent>;
  write(data: Uint8Array): Promise<void>;
}

export async function runSession(env: { LOADER: WorkerLoader }, spec: SessionSpec, terminal: TerminalPort): Promise<SessionResult> {
  const user = await prepareUserPrograms(spec.programs, spec.assets);
  const sandbox = await sandboxFor(env.LOADER, user);
  const input = spec.input;
  const mount = input ? inputFile(input.path) : null;
  return sandbox.session({
    env: mount ? { ...spec.env, MANTA_INPUT_FILE: mount, mc_input_file: mount } : spec.env,
    limits: spec.limits,
    prompt: spec.prompt,
    columns: spec.columns,
    lines: spec.lines,
    command: spec.command,
    input: input && mount ? { path: mount, size: input.size } : null,
    readInput: input ? (offset, length) => input.read(offset, length) : null,
    assets: spec.assets ?? {},
    next: () => terminal.next(),
    write: (data) => terminal.write(data),
  });
}
