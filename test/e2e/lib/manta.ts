// The real Manta CLI (manta@5.4.2, a devDependency whose bins npm does not link).
import path from "node:path";
import { REPO_ROOT, run, type RunResult } from "./process.ts";

export interface MantaOptions {
  env: Record<string, string>;
  input?: Buffer | string;
  timeoutMs?: number;
}

/** Runs `m<cmd>` with only the given user's settings: no MANTA_* or agent from our own env. */
export function manta(cmd: string, args: string[], opts: MantaOptions): Promise<RunResult> {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith("MANTA_") && name !== "SSH_AUTH_SOCK") env[name] = value;
  }
  Object.assign(env, opts.env);
  if (!env.SSH_AUTH_SOCK) delete env.SSH_AUTH_SOCK; // empty breaks smartdc-auth (see users.ts)
  const bin = path.join(REPO_ROOT, "node_modules", "manta", "bin", cmd);
  return run(process.execPath, [bin, ...args], { env, input: opts.input, timeoutMs: opts.timeoutMs ?? 60_000 });
}
