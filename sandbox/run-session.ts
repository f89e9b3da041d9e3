// runSession: the host-side API for an interactive session (mlogin): the same isolate as
// runTask's (toolbox + the session's user programs), entered through `session` instead of
// `run`. The terminal crosses as two functions; see session-protocol.ts.
import { mountInput } from "./input-mount.ts";
import { sandboxFor, type SandboxEnv } from "./isolate.ts";
import type { SessionRequest, SessionResult, TerminalEvent } from "./session-protocol.ts";
import type { TaskInput } from "./run-task.ts";
import { taskPrograms } from "./runtimes/programs.ts";

export type { TerminalEvent } from "./session-protocol.ts";

/** What the host asks for: the guest's SessionRequest, less what runSession derives or wires. */
export interface SessionSpec extends Pick<SessionRequest, "env" | "limits" | "prompt" | "columns" | "lines" | "command"> {
  storage?: SessionRequest["storage"];
  programs?: Record<string, ArrayBuffer>;
  assets?: Record<string, ArrayBuffer>;
  input?: TaskInput;
}

export interface TerminalPort {
  next(): Promise<TerminalEvent>;
  write(data: Uint8Array): Promise<void>;
}

export async function runSession(env: SandboxEnv, spec: SessionSpec, terminal: TerminalPort): Promise<SessionResult> {
  const user = await taskPrograms(env, spec.programs, spec.assets, null);
  const sandbox = await sandboxFor(env.LOADER, user);
  const mounted = mountInput(spec.env, spec.input);
  return sandbox.session({
    env: mounted.env,
    limits: spec.limits,
    prompt: spec.prompt,
    columns: spec.columns,
    lines: spec.lines,
    command: spec.command,
    input: mounted.input,
    readInput: mounted.readInput,
    assets: spec.assets ?? {},
    storage: spec.storage ? (req) => spec.storage!(req) : null,
    next: () => terminal.next(),
    write: (data) => terminal.write(data),
  });
}
