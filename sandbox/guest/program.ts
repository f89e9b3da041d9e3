// Runs one instrumented WASI module to completion under JSPI.
//
// Steps: check every import is one we provide (else TaskInitError) ->
// join the task's memory budget and instantiate -> check the initial memory ->
// hand out the first fuel slice -> `await promising(_start)()` -> map the
// outcome: exit status, or a kill (CPU, memory, stack, wall, output), or a
// trap (a crash: status 134 with a message on the program's stderr) -> leave
// the budget and drop the instance before awaiting any cleanup.
// The fuel hook is where compute yields: every slice it refills the fuel
// global from the task budget and sleeps for one timer tick, so one workerd
// thread keeps serving other requests while a program computes.
// may_grow_memory is where memory is refused: the instrumented module asks it
// before every memory.grow, and it answers from the budget the task's live
// programs share (memory-budget.ts).
import type { StageIO } from "../../core/shell/index.ts";
import { FUEL_EXPORT, FUEL_HOOK, FUEL_MODULE, INITIAL_FUEL, MAY_GROW_HOOK } from "../instrument/index.ts";
import { FUEL_SLICE, ProcExit, TaskAbort, type TaskContext } from "./context.ts";
import type { MemoryHolder } from "./memory-budget.ts";
import type { TaskFs } from "./vfs.ts";
import { ERRNO } from "./wasi/constants.ts";
import { fdCalls } from "./wasi/fd-calls.ts";
import { mantaCalls, miscCalls } from "./wasi/misc-calls.ts";
import { pathCalls } from "./wasi/path-calls.ts";
import { WasiProcess, type CallTable, type MantaOps } from "./wasi/process.ts";

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
  /**
   * A reactor's entry (the Ruby runtime exports no `_start`): called instead of `_start`
   * with a caller of the instance's exports, each call a JSPI promise so the fuel hook may
   * suspend inside it. The program's status is what it passes to proc_exit, else 0.
   */
  enter?: (call: ExportCall, memory: WebAssembly.Memory) => Promise<void>;
  /** Imports beyond WASI that the program's own ABI needs (stubs for the Ruby runtime's JS bridge). */
  imports?: Record<string, Record<string, unknown>>;
}

export type ExportCall = (name: string, ...args: number[]) => Promise<number>;

const yieldToEventLoop = () => new Promise<void>((r) => setTimeout(r, 0));
const PAGE = 65536;

function lookup(tables: CallTable[], name: string): unknown {
  for (const t of tables) {
    if (name in t.async) return new jspi.Suspending(t.async[name]);
    if (name in t.sync) return t.sync[name];
  }
  return undefined;
}

export async function runProgram(run: ProgramRun): Promise<number> {
  run.ctx.check();
  const proc = new WasiProcess(run.ctx, run.fs, run.argv, run.env, run.io, run.manta);
  try {
    return await execute(run, proc);
  } finally {
    await proc.closeOwned(); // may wait on a slow output; the instance is gone by now
  }
}

/** Calls exports through JSPI; a missing one means the module is not the runtime `enter` expects. */
function exportCaller(exps: WebAssembly.Exports, missing: (name: string) => Error): ExportCall {
  const wrapped = new Map<string, (...a: number[]) => Promise<unknown>>();
  return async (name, ...args) => {
    let fn = wrapped.get(name);
    if (!fn) {
      if (typeof exps[name] !== "function") throw missing(name);
      fn = jspi.promising(exps[name]) as (...a: number[]) => Promise<unknown>;
      wrapped.set(name, fn);
    }
    return (await fn(...args)) as number;
  };
}

/** Instantiates and runs the program; when this returns, nothing references its instance or memory. */
async function execute(run: ProgramRun, proc: WasiProcess): Promise<number> {
  const { ctx } = run;
  let fuel: WebAssembly.Global | null = null;

  const fuelHook = new jspi.Suspending(async () => {
    ctx.fuelLeft += fuel!.value as number; // the overdraft (value <= -1) is spent too
    fuel!.value = 0;
    if (ctx.killed) throw ctx.killed;
    if (ctx.fuelLeft <= 0) throw ctx.outOfCpu();
    const grant = Math.min(FUEL_SLICE, ctx.fuelLeft);
    ctx.fuelLeft -= grant;
    fuel!.value = grant;
    await yieldToEventLoop();
    await ctx.pollCancel();
    ctx.check();
  });

  // The program's share of the task's memory budget; `pages` is its own size, which
  // during a start function (before proc.memory is known) only the module can tell.
  const holder: MemoryHolder = { bytes: () => proc.memory?.buffer.byteLength ?? 0 };
  let denied = false;
  const mayGrowMemory = (pages: number, delta: number): number => {
    if (ctx.memory.allows(holder, ((pages >>> 0) + (delta >>> 0)) * PAGE)) return 1;
    denied = true;
    return 0;
  };

  const wasi = [fdCalls(proc), pathCalls(proc), miscCalls(proc)];
  const manta = [mantaCalls(proc)];
  const imports: Record<string, Record<string, unknown>> = {};
  for (const imp of WebAssembly.Module.imports(run.module)) {
    let value: unknown;
    if (imp.kind === "function") {
      if (run.imports && Object.hasOwn(run.imports, imp.module)) value = run.imports[imp.module]![imp.name];
      else if (imp.module === "wasi_snapshot_preview1") value = lookup(wasi, imp.name) ?? (() => ERRNO.NOSYS);
      else if (imp.module === "mobula") value = lookup(manta, imp.name);
      else if (imp.module === FUEL_MODULE && imp.name === FUEL_HOOK) value = fuelHook;
      else if (imp.module === FUEL_MODULE && imp.name === MAY_GROW_HOOK) value = mayGrowMemory;
    }
    if (value === undefined) {
      throw ctx.kill("TaskInitError", `${run.name}: program imports unsupported ${imp.kind} ${imp.module}.${imp.name}`);
    }
    (imports[imp.module] ??= {})[imp.name] = value;
  }
  if (!imports[FUEL_MODULE]) throw ctx.kill("InternalError", `${run.name}: program was not instrumented`);

  const memoryKill = () => ctx.outOfMemory();
  ctx.memory.join(holder);
  try {
    const exps = new WebAssembly.Instance(run.module, imports as WebAssembly.Imports).exports;
    fuel = exps[FUEL_EXPORT] as WebAssembly.Global;
    if (!(exps.memory instanceof WebAssembly.Memory)) throw ctx.kill("TaskInitError", `${run.name}: program exports no memory`);
    if (!run.enter && typeof exps._start !== "function") throw ctx.kill("TaskInitError", `${run.name}: not a WASI command (no _start)`);
    proc.memory = exps.memory;
    if (!ctx.memory.allows(holder, exps.memory.buffer.byteLength)) throw memoryKill();
    ctx.fuelLeft -= INITIAL_FUEL; // the module starts with this much; the refund below settles it
    if (run.enter) await run.enter(exportCaller(exps, (name) => ctx.kill("TaskInitError", `${run.name}: the runtime exports no function ${name}`)), exps.memory);
    else await jspi.promising(exps._start)();
    return 0;
  } catch (e) {
    if (e instanceof ProcExit) return statusAfterDenial(e.status);
    if (e instanceof TaskAbort) throw e;
    if (e instanceof RangeError && /call stack/i.test(e.message)) throw ctx.kill("TaskKilledError", "stack overflow");
    if (e instanceof WebAssembly.RuntimeError) {
      if (denied) throw memoryKill();
      const msg = new TextEncoder().encode(`${run.name}: crashed: ${e.message}\n`);
      await run.io.stderr.write(msg).catch(() => {});
      return 134;
    }
    throw ctx.kill("InternalError", `${run.name}: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    if (fuel) ctx.fuelLeft += fuel.value as number; // unused fuel back to the task (or overdraft charged)
    ctx.memory.leave(holder);
    proc.memory = null; // the isolate is cached: nothing may keep a finished program's memory alive
  }

  /** A program that failed after memory.grow was refused hit the memory limit. */
  function statusAfterDenial(status: number): number {
    if (status !== 0 && denied) throw memoryKill();
    return status;
  }
}
