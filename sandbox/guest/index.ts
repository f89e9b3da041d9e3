// Entry of the guest runtime, bundled into sandbox/dist/runtime.guest.js and
// loaded as "runtime.js" by the isolate's generated main module (see
// ../isolate.ts), which registers the instrumented programs and re-exports
// `Sandbox`. One `run` call = one task:
//   1. build the task's file tree (/tmp, /assets with archives as trees, the input under /manta)
//   2. run `init` (if any), then `exec`, with the Mobula shell
//   3. whichever comes first - the shell finishing or a kill - decides the result
//   4. flush and close stdout/stderr; report exit status, kill, fuel used.
import { WorkerEntrypoint } from "cloudflare:workers";
import { runShell, type ByteSink } from "../../core/shell/index.ts";
import type { GuestRequest, GuestResult, ProgramTable, ScratchCall, TaskError } from "../protocol.ts";
import type { SessionRequest, SessionResult } from "../session-protocol.ts";
import { runGuestSession } from "./session.ts";
import { TaskAbort, TaskContext } from "./context.ts";
import { SandboxHost } from "./shell-host.ts";
import { LimitedSink, streamSource } from "./streams.ts";
import { loopTick } from "./tick.ts";
import { ScratchDisk } from "./scratch.ts";
import { buildFs } from "./vfs.ts";
import { mountArchives } from "./archive-mount.ts";
import type { MantaOps } from "./wasi/process.ts";

let programs: ProgramTable = {};

export function registerPrograms(table: ProgramTable): void {
  programs = table;
}

function mantaOps(req: GuestRequest, ctx: TaskContext): MantaOps {
  const refuse = (what: string) => Promise.reject(new Error(`${what} is not available in this task`));
  const sink = async (stream: Promise<WritableStream<Uint8Array>>): Promise<ByteSink> => new LimitedSink(await stream, ctx);
  return {
    openOutput: (key, reducer) => (req.openOutput ? sink(req.openOutput(key, reducer)) : refuse("job output")),
    emitReference: (key, reducer) => (req.emitReference ? req.emitReference(key, reducer) : refuse("job output")),
    openObject: (key) => (req.openObject ? sink(req.openObject(key)) : refuse("object creation")),
  };
}

/**
 * /tmp's storage, guarded by the task's limits. A block that cannot be written or read back is
 * not the program's fault: the task ends with an internal error, which the job retries. A failed
 * drop only leaves a block for the end-of-task cleanup.
 */
function scratchStorage(scratch: ScratchCall, ctx: TaskContext): ScratchCall {
  return (op) => {
    const done = ctx.guard(scratch(op));
    if (op.op === "drop") return done;
    return done.catch((e: unknown) => {
      throw e instanceof TaskAbort ? e : ctx.kill("InternalError", `/tmp storage failed: ${e instanceof Error ? e.message : String(e)}`);
    });
  };
}

export async function runGuestTask(table: ProgramTable, req: GuestRequest): Promise<GuestResult> {
  const ctx = new TaskContext(req.limits, req.cancelled);
  const readInput = req.readInput;
  const stdout = new LimitedSink(req.stdout, ctx);
  const stderr = new LimitedSink(req.stderr, ctx);
  const scratch = req.scratch;
  const note = (text: string) => void stderr.write(new TextEncoder().encode(`mobula: ${text}\n`)).catch(() => {});
  const fs = buildFs({
    disk: new ScratchDisk(req.limits.diskMiB * 1024 * 1024, scratch ? scratchStorage(scratch, ctx) : null, note),
    assets: req.assets,
    input: req.input && readInput ? { ...req.input, read: (o, l) => ctx.guard(readInput(o, l)) } : null,
  });
  await mountArchives(fs, req.assets);
  const host = new SandboxHost(ctx, fs, table, mantaOps(req, ctx), req.storage);
  const shell = (line: string, stdin: GuestRequest["stdin"]) =>
    Promise.race([
      runShell(line, { env: { ...req.env }, host, io: { stdin: streamSource(stdin, ctx), stdout, stderr }, cwd: "/", tick: loopTick(() => ctx) }),
      ctx.whenKilled.then((k) => Promise.reject(k)),
    ]);

  let exitCode = 0;
  let error: TaskError | undefined;
  try {
    if (req.init) {
      const status = await shell(req.init, null);
      if (status !== 0) {
        exitCode = status;
        error = { code: "TaskInitError", message: `init command exited with code ${status}` };
      }
    }
    if (!error) {
      exitCode = await shell(req.exec, req.stdin);
      if (ctx.killed) throw ctx.killed; // a stage was killed but the shell carried on
      if (exitCode !== 0) error = { code: "UserTaskError", message: `user command exited with code ${exitCode}` };
    }
  } catch (e) {
    const abort = ctx.killed ?? (e instanceof TaskAbort ? e : null);
    error = abort
      ? { code: abort.code, message: abort.message }
      : { code: "InternalError", message: e instanceof Error ? e.message : String(e) };
    if (exitCode === 0) exitCode = abort?.code === "TaskKilledError" ? 137 : 1;
  } finally {
    await Promise.all([stdout.close(), stderr.close()]);
  }
  return { exitCode, error, emittedOutputs: ctx.emittedOutputs, fuelUsed: ctx.fuelUsed };
}

export class Sandbox extends WorkerEntrypoint {
  async run(req: GuestRequest): Promise<GuestResult> {
    return runGuestTask(programs, req);
  }

  /** An mlogin session (session.ts). */
  async session(req: SessionRequest): Promise<SessionResult> {
    return runGuestSession(programs, req);
  }
}
