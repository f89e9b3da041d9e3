// Programs the sandbox runs natively (TypeScript in the guest runtime, not wasm): the Manta
// tools, which need the task's storage capability; the compressors, which use the runtime's
// native zlib; xargs and env COMMAND, which run other programs (WASI has no exec); and json,
// whose -c/-e snippets need an evaluator (a safe one of our own: workerd forbids eval).
// The shell finds them by name before the toolbox (shell-host.ts).
export { MantaClient } from "./manta/client.ts";
export { runTool, type RuntimeEntry, type Tool } from "./tool.ts";
import { gunzip, gzip, zcat } from "./gzip.ts";
import { json } from "./json/json.ts";
import { mmkdir, mrm } from "./manta/dirs.ts";
import { mfind, mls } from "./manta/list.ts";
import { mget, minfo, mln, mput } from "./manta/objects.ts";
import { env, xargs } from "./run-command.ts";
import { ruby } from "./ruby/index.ts";
import type { Tool } from "./tool.ts";

export const NATIVE_PROGRAMS: Readonly<Record<string, Tool>> = { env, gunzip, gzip, json, mfind, mget, minfo, mln, mls, mmkdir, mput, mrm, ruby, xargs, zcat };
