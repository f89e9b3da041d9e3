// Runs in Node before the sandbox's Workers tests: builds the guest bundle and
// instrumented toolbox (sandbox/build.mjs) and the C test programs, because
// the tests import their outputs as modules; and what GNU xargs/env print for the native
// xargs/env tests (gnu-cases.mjs), since Workers tests cannot run processes.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
// @ts-expect-error plain ESM helper without types
import { buildPrograms, programsDist } from "./programs/build.mjs";
// @ts-expect-error plain ESM helper without types
import { recordGnu } from "./gnu-cases.mjs";

export default function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL("../../sandbox/build.mjs", import.meta.url))], { stdio: "inherit" });
  buildPrograms();
  recordGnu(programsDist);
}
