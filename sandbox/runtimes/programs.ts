// Everything a task's isolate holds beyond the toolbox: the job's user programs (its wasm
// assets) and the installed language runtimes its command lines name. A runtime is tens of
// MB in the isolate, so a task gets one only when its exec or init line names it (`ruby`,
// also as `xargs ruby` or `sh -c 'ruby …'`); an interactive session gets them all.
import type { ShardEnv } from "../../storage/shards.ts";
import { prepareUserPrograms, type UserProgram } from "../user-programs.ts";
import { loadRuntimes } from "./load.ts";

export async function taskPrograms(
  env: ShardEnv,
  programs: Record<string, ArrayBuffer> | undefined,
  assets: Record<string, ArrayBuffer> | undefined,
  /** The task's command text; null: every installed runtime. */
  commands: string | null,
): Promise<UserProgram[]> {
  const named = (name: string) => commands === null || new RegExp(`(^|[^\\w.-])${name}($|[^\\w.-])`).test(commands);
  const [user, runtimes] = await Promise.all([prepareUserPrograms(programs, assets), loadRuntimes(env, named)]);
  return [...user, ...runtimes];
}
