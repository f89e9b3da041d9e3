// Builds the dynamic isolate's code and gets it from the Worker Loader.
// The isolate holds the guest runtime, the instrumented toolbox and the
// task's user programs as `wasm` modules (compiled by the loader, since
// runtime compilation is forbidden), a generated main module that registers
// them, no env and no network (`globalOutbound: null`). Its id is a hash of
// all of that, so tasks with the same programs share one cached isolate;
// capabilities are never in env, so a cached isolate holds no stale stubs.
import guestSource from "./dist/runtime.guest.js";
import { BUILD_ID, TOOLBOX } from "./dist/manifest.ts";
import type { GuestRequest, GuestResult, TaskError } from "./protocol.ts";
import type { SessionRequest, SessionResult } from "./session-protocol.ts";
import { sha256Hex, type UserProgram } from "./user-programs.ts";
import type { ShardEnv } from "../storage/shards.ts";

export interface SandboxRpc {
  run(req: GuestRequest): Promise<GuestResult>;
  session(req: SessionRequest): Promise<SessionResult>;
}

/** What the host side of the sandbox needs: the loader, and the shard holding installed runtimes. */
export type SandboxEnv = { LOADER: WorkerLoader } & ShardEnv;

export const SANDBOX_COMPATIBILITY_DATE = "2026-04-20";

function buildCode(user: UserProgram[]): WorkerLoaderWorkerCode {
  const modules: Record<string, WorkerLoaderModule | string> = { "runtime.js": guestSource };
  const imports: string[] = [];
  const entries: string[] = [];
  const errors: Record<string, TaskError> = {};
  let n = 0;
  const add = (name: string, bytes: ArrayBuffer) => {
    const file = `p${n++}.wasm`;
    modules[file] = { wasm: bytes };
    imports.push(`import m${n} from "./${file}";`);
    entries.push(`  ${JSON.stringify(name)}: m${n},`);
  };
  for (const [name, bytes] of Object.entries(TOOLBOX)) add(name, bytes);
  for (const p of user) {
    if (p.bytes) add(p.key, p.bytes.buffer.slice(p.bytes.byteOffset, p.bytes.byteOffset + p.bytes.byteLength) as ArrayBuffer);
    else if (p.error) errors[p.key] = p.error;
  }
  modules["main.js"] = [
    `import { registerPrograms, Sandbox } from "./runtime.js";`,
    ...imports,
    `registerPrograms({`,
    ...entries,
    `  ...${JSON.stringify(errors)},`,
    `});`,
    `export { Sandbox };`,
    `export default { fetch() { return new Response("mobula sandbox", { status: 404 }); } };`,
  ].join("\n");
  return {
    compatibilityDate: SANDBOX_COMPATIBILITY_DATE,
    // For the runtime's own use (node:zlib behind gzip/zcat); user code is wasm and sees none of it.
    compatibilityFlags: ["nodejs_compat"],
    mainModule: "main.js",
    modules,
    env: {},
    globalOutbound: null,
  };
}

export async function sandboxFor(loader: WorkerLoader, user: UserProgram[]): Promise<SandboxRpc> {
  const userId = user.length ? (await sha256Hex(user.map((p) => `${p.key}=${p.hash}`).join("\n"))).slice(0, 24) : "none";
  const worker = loader.get(`mobula-sandbox:${BUILD_ID}:${userId}`, () => buildCode(user));
  return worker.getEntrypoint("Sandbox") as unknown as SandboxRpc;
}
