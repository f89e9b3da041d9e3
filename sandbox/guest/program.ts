// Runs one instrumented WASI module to completion under JSPI.
//
// Steps: check every import is one we provide (else TaskInitError) ->
// instantiate -> set the memory limit global, check the initial memory ->
// hand out the first fuel slice -> `await promising(_start)()` -> map the
// outcome: exit status, or a kill (CPU, memory, stack, wall, output), or a
// trap (a crash: status 134 with a message on the program's stderr).
// The fuel hook is where compute yields: every slice it refills the fuel
// global from the task budget and sleeps for one timer tick, so one workerd
// thread keeps serving other requests while a program computes.
import type { StageIO } from "../../core/shell/index.js";
import {
  FUEL_EXPORT, FUEL_HOOK, FUEL_MODULE, GROW_DENIED_EXPORT, INITIAL_FUEL, MEM_LIMIT_EXPORT,
} from "../instrument/index";
import { FUEL_SLICE, ProcExit, TaskAbort, type TaskContext } from "./context";
import type { TaskFs } from "./vfs";
import { ERRNO } from "./wasi/constants";
import { fdCalls } from "./wasi/fd-calls";
import { mantaCalls, miscCalls } from "./wasi/misc-calls";
import { pathCalls } from "./wasi/path-calls";
import { WasiProcess, type CallTable, type MantaOps } from "./wasi/process";

interface Jspi {
  Suspending: new (fn: (...a: never[]) => Promise<unknown>) => object;
  promising(fn: unknown): () => Promise<unknown>;
}
const jspi = WebAssembly as unknown as Jspi;

export interface ProgramRun {
  ctx: TaskContext;
  fs: TaskFs;
  manta: MantaOps;
  module: WebAssembly.Module;
  name: string;
  argv: string[];
  env: Record<string, string>;
  io: StageIO;
}

const yieldToEventLoop = () => new Promise<void>((r) => setTimeout(r, 0));

function lookup(tables: CallTable[], name: string): unknown {
  for (const t of tables) {
    if (name in t.async) return new jspi.Suspending(t.async[name]);
    if (name in t.sync) return t.sync[name];
  }
  return undefined;
}

export async function runProgram(run: ProgramRun): Promise<number> {
  const { ctx } = run;
  ctx.check();
  const proc = new WasiProcess(ctx, run.fs, run.argv, run.env, run.io, run.manta);
  let fuel: WebAssembly.Global | null = null;

  const fuelHook = new jspi.Suspending(async () => {
    ctx.fuelLeft += fuel!.value as number; // the overdraft (value <= -1) is spent too
    fuel!.value = 0;
    if (ctx.killed) throw ctx.killed;
    if (ctx.fuelLeft <= 0) throw ctx.kill("TaskKilledError", "CPU limit exceeded");
    const grant = Math.min(FUEL_SLICE, ctx.fuelLeft);
    ctx.fuelLeft -= grant;
    fuel!.value = grant;
    await yieldToEventLoop();
    await ctx.pollCancel();
    ctx.check();
  });

  const wasi = [fdCalls(proc), pathCalls(proc), miscCalls(proc)];
  const manta = [mantaCalls(proc)];
  const imports: Record<string, Record<string, unknown>> = {};
  for (const imp of WebAssembly.Module.imports(run.module)) {
    let value: unknown;
    if (imp.kind === "function") {
      if (imp.module === "wasi_snapshot_preview1") value = lookup(wasi, imp.name) ?? (() => ERRNO.NOSYS);
      else if (imp.module === "mobula") value = lookup(manta, imp.name);
      else if (imp.module === FUEL_MODULE && imp.name === FUEL_HOOK) value = fuelHook;
    }
    if (value === undefined) {
      throw ctx.kill("TaskInitError", `${run.name}: program imports unsupported ${imp.kind} ${imp.module}.${imp.name}`);
    }
    (imports[imp.module] ??= {})[imp.name] = value;
  }
  if (!imports[FUEL_MODULE]) throw ctx.kill("InternalError", `${run.name}: program was not instrumented`);

  const limitPages = Math.floor(ctx.limits.memoryMiB * 16);
  const memoryKill = () => ctx.kill("TaskKilledError", `memory limit exceeded (${ctx.limits.memoryMiB} MiB)`);
  let denied: WebAssembly.Global | null = null;
  try {
    const instance = new WebAssembly.Instance(run.module, imports as WebAssembly.Imports);
    const exps = instance.exports;
    fuel = exps[FUEL_EXPORT] as WebAssembly.Global;
    denied = exps[GROW_DENIED_EXPORT] as WebAssembly.Global;
    (exps[MEM_LIMIT_EXPORT] as WebAssembly.Global).value = limitPages;
    if (!(exps.memory instanceof WebAssembly.Memory)) throw ctx.kill("TaskInitError", `${run.name}: program exports no memory`);
    if (typeof exps._start !== "function") throw ctx.kill("TaskInitError", `${run.name}: not a WASI command (no _start)`);
    proc.memory = exps.memory;
    if (exps.memory.buffer.byteLength > limitPages * 65536) throw memoryKill();
    ctx.fuelLeft -= INITIAL_FUEL; // the module starts with this much; the refund below settles it
    await jspi.promising(exps._start)();
    return 0;
  } catch (e) {
    if (e instanceof ProcExit) return statusAfterDenial(e.status);
    if (e instanceof TaskAbort) throw e;
    if (e instanceof RangeError && /call stack/i.test(e.message)) throw ctx.kill("TaskKilledError", "stack overflow");
    if (e instanceof WebAssembly.RuntimeError) {
      if (denied?.value) throw memoryKill();
      const msg = new TextEncoder().encode(`${run.name}: crashed: ${e.message}\n`);
      await run.io.stderr.write(msg).catch(() => {});
      return 134;
    }
    throw ctx.kill("InternalError", `${run.name}: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    if (fuel) ctx.fuelLeft += fuel.value as number; // unused fuel back to the task (or overdraft charged)
    await proc.closeOwned();
  }

  /** A program that failed after memory.grow was refused hit the memory limit. */
  function statusAfterDenial(status: number): number {
    if (status !== 0 && denied?.value) throw memoryKill();
    return status;
  }
}
