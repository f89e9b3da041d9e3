// The Manta tools inside tasks and mlogin sessions (issue 8 item 4): run by the shell like
// toolbox programs, acting as the job's owner through the task's storage capability.
export { MantaClient, ToolError } from "./client.ts";
export { runTool, type Tool } from "./tool.ts";
import { mmkdir, mrm } from "./dirs.ts";
import { mfind, mls } from "./list.ts";
import { mget, minfo, mln, mput } from "./objects.ts";
import type { Tool } from "./tool.ts";

export const MANTA_TOOLS: Readonly<Record<string, Tool>> = { mfind, mget, minfo, mln, mls, mmkdir, mput, mrm };
