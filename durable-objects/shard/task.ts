/**
 * Running one task assignment on a ShardDO, start to report:
 *   1. fetch the phase's assets (a missing one is a TaskInitError);
 *   2. map: stdin and $MANTA_INPUT_FILE read the input from this shard's own
 *      bucket; reduce: stdin concatenates the reducer's inputs, page by page;
 *   3. run it in the sandbox, stdout streaming into a new blob, /tmp spilling into
 *      this shard's bucket under the attempt's prefix (deleted when the run ends);
 *   4. name the results by outcome — success: stdout (unless the task emitted
 *      its own outputs) becomes the output; user failure: stdout is kept but not
 *      forwarded and stderr is saved; internal failure: nothing is named (the
 *      JobDO retries the task, which rewrites the same names).
 */
import { dirsBetween, normaliseInput, stderrName, stdoutName, taskBase, taskOutputPrefix } from "../../core/jobs/naming.ts";
import { assignmentKey, type EmittedOutput, type JobPort, type TaskAssignment, type TaskReport } from "../../core/jobs/protocol.ts";
import type { TaskErrorCode } from "../../core/jobs/records.ts";
import { basename } from "../../core/paths.ts";
import { canRead, canWrite, commitBlob, lookup, mkdir, writeObject } from "../../namespace/index.ts";
import { BlobReader } from "./read.ts";
import { BlobSink, StderrBuffer } from "./io.ts";
import { TaskScratch } from "./scratch.ts";
import { shardBucket } from "../../storage/shards.ts";
import { runTask, type TaskHooks, type TaskResult, type TaskSpec } from "../../sandbox/run-task.ts";
import type { StorageCall } from "../../sandbox/protocol.ts";

type Outcome = Pick<TaskReport, "outcome" | "error">;

class TaskFailure extends Error {
  constructor(
    readonly code: TaskErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export async function loadAssets(env: Env, a: TaskAssignment): Promise<Pick<TaskSpec, "assets" | "programs">> {
  const assets: Record<string, ArrayBuffer> = {};
  const programs: Record<string, ArrayBuffer> = {};
  const reader = new BlobReader(env, -1); // asset bytes are not input bytes: not counted
  for (const raw of a.assets) {
    const path = normaliseInput(raw);
    if (path === null || !canRead(a.login, path)) throw new TaskFailure("TaskInitError", `failed to fetch asset "${raw}": permission denied`);
    const entry = await lookup(env, path);
    if (!entry || entry.type !== "object") throw new TaskFailure("TaskInitError", `failed to fetch asset "${path}": no such object`);
    const bytes = await reader.read(entry.blob, 0, entry.size);
    const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    assets[path] = buf;
    if (path.endsWith(".wasm")) {
      programs[path] = buf;
      programs[basename(path)] = buf;
      programs[basename(path).replace(/\.wasm$/, "")] = buf;
    }
  }
  return { assets, programs };
}

/** The objects a task may write: its owner's namespace only. */
function writablePath(a: TaskAssignment, key: string): string {
  const path = normaliseInput(key);
  if (path === null || !canWrite(a.login, path)) throw new TaskFailure("AuthorizationError", `permission denied: "${key}"`);
  return path;
}

export class TaskRun {
  private readonly reader: BlobReader;
  private readonly emitted: EmittedOutput[] = [];
  private readonly sinks: Array<Promise<void>> = [];
  private missing: string[] = [];
  private denied: string[] = [];
  private inputLost = false;

  constructor(
    private readonly env: Env,
    private readonly shard: number,
    private readonly a: TaskAssignment,
    private readonly job: JobPort,
    private readonly dirs: Set<string>,
    private readonly storage?: StorageCall,
  ) {
    this.reader = new BlobReader(env, shard);
  }

  private async ensureDirs(path: string): Promise<void> {
    for (const dir of dirsBetween(this.a.outbase, path)) {
      if (this.dirs.has(dir)) continue;
      const made = await mkdir(this.env, dir);
      if (!made.ok) throw new Error(`${dir}: ${made.message}`);
      this.dirs.add(dir);
    }
  }

  private async openObject(key: string, output: { reducer: number | null } | null): Promise<WritableStream<Uint8Array>> {
    const path = writablePath(this.a, key);
    await this.ensureDirs(path);
    let commit: Promise<void> = Promise.resolve();
    const sink: BlobSink = new BlobSink(this.env, this.a.limits.outputBytes, () => {
      commit = (async () => {
        const w = await sink.end();
        const done = await commitBlob(this.env, path, w.blob, w.md5, { contentType: "application/octet-stream" });
        if (!done.ok) throw new TaskFailure("UserTaskError", done.message);
        if (output) this.emitted.push({ key: path, reducer: output.reducer });
      })();
      this.sinks.push(commit);
      return commit;
    });
    return sink.writable;
  }

  private hooks(stdout: BlobSink, stderr: StderrBuffer, scratch: TaskScratch): TaskHooks {
    return {
      scratch: scratch.call,
      stdout: stdout.writable,
      stderr: stderr.writable,
      openOutput: (key, reducer) => this.openObject(key, { reducer }),
      openObject: (key) => this.openObject(key, null),
      cancelled: () => this.job.isCancelled(),
      ...(this.storage ? { storage: this.storage } : {}),
      emitReference: async (key, reducer) => {
        const path = writablePath(this.a, key);
        const entry = await lookup(this.env, path);
        if (!entry || entry.type !== "object") throw new TaskFailure("ResourceNotFoundError", `no such object: "${path}"`);
        this.emitted.push({ key: path, reducer });
      },
    };
  }

  private reducerStdin(): ReadableStream<Uint8Array> {
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    (async () => {
      let after = 0;
      for (;;) {
        const { keys } = await this.job.reducerInputs(this.a.taskId, after, 200);
        if (keys.length === 0) break;
        for (const { seq, key } of keys) {
          after = seq;
          // The JobDO checked job inputs already; a reducer never reads what its owner may not.
          if (!canRead(this.a.login, key)) {
            this.denied.push(key);
            continue;
          }
          const entry = await lookup(this.env, key);
          if (!entry || entry.type !== "object" || !(await this.reader.pipeInto(entry.blob, writable))) this.missing.push(key);
        }
      }
      await writable.close();
    })().catch((err: unknown) => writable.abort(err).catch(() => undefined));
    return readable;
  }

  private spec(base: string): TaskSpec {
    const a = this.a;
    const env: Record<string, string> = {
      MANTA_URL: "http://localhost:80/",
      MANTA_NO_AUTH: "true",
      MANTA_USER: a.login,
      MANTA_JOB_ID: a.jobId,
      MANTA_OUTPUT_BASE: taskOutputPrefix(a.outbase, base, a.phase),
      HOME: "/root",
    };
    const spec: TaskSpec = { exec: a.exec, env, limits: a.limits };
    if (a.init !== null) spec.init = a.init;
    if (a.kind === "reduce" || a.input === null) {
      env.MANTA_REDUCER = String(a.reducer ?? 0);
      spec.stdin = this.reducerStdin();
      return spec;
    }
    const input = a.input;
    // runTask mounts the input and sets $MANTA_INPUT_FILE from its object path.
    Object.assign(env, { MANTA_INPUT_OBJECT: input.path, mc_input_key: input.path });
    spec.stdin = this.reader.stream(input.blob, () => (this.inputLost = true));
    spec.input = { path: input.path, size: input.size, read: (o, l) => this.reader.read(input.blob, o, l) };
    return spec;
  }

  private judge(result: TaskResult | null, thrown: unknown): Outcome {
    if (thrown instanceof TaskFailure) return { outcome: "failed", error: { code: thrown.code, message: thrown.message } };
    if (result === null) return { outcome: "internal", error: { code: "InternalError", message: String(thrown) } };
    // Storage lost every copy it could reach: not the user's fault, so retried.
    if (this.inputLost) return { outcome: "internal", error: { code: "InternalError", message: "failed to load object" } };
    if (result.error?.code === "InternalError") return { outcome: "internal", error: result.error };
    if (result.error) return { outcome: "failed", error: result.error };
    if (result.exitCode !== 0) return { outcome: "failed", error: { code: "UserTaskError", message: `user command exited with code ${result.exitCode}` } };
    if (this.denied.length) return { outcome: "failed", error: { code: "AuthorizationError", message: `permission denied: "${this.denied[0]}"` } };
    if (this.missing.length) return { outcome: "failed", error: { code: "ResourceNotFoundError", message: `no such object: "${this.missing[0]}"` } };
    return { outcome: "ok", error: null };
  }

  async run(): Promise<TaskReport> {
    const a = this.a;
    const base = taskBase(a.outbase, a.kind, a.input?.path ?? null, a.p0input, a.phase);
    const stdout = new BlobSink(this.env, a.limits.outputBytes);
    const stderr = new StderrBuffer();
    const scratch = new TaskScratch(shardBucket(this.env, this.shard), a.jobId, assignmentKey(a));
    let result: TaskResult | null = null;
    let thrown: unknown = null;
    try {
      const spec = { ...this.spec(base), ...(await loadAssets(this.env, a)) };
      result = await runTask(this.env, spec, this.hooks(stdout, stderr, scratch));
      await Promise.all(this.sinks);
    } catch (err) {
      thrown = err;
    } finally {
      // A failure here leaves blocks for the ShardDO's sweep; it does not change the outcome.
      await scratch.reclaim().catch((err: unknown) => console.error(JSON.stringify({ task: a.taskId, scratch: String(err) })));
    }
    const verdict = this.judge(result, thrown);
    const report: TaskReport = { jobId: a.jobId, taskId: a.taskId, attempt: a.attempt, shard: this.shard, ...verdict, stderr: null, outputs: [], bytesLocal: this.reader.bytesLocal, bytesRemote: this.reader.bytesRemote };
    if (verdict.outcome === "internal") {
      await stdout.discard();
      return report;
    }
    const out = stdoutName(a.outbase, base, a.phase, a.taskId);
    const selfEmitted = this.emitted.length > 0 || result?.emittedOutputs === true;
    const w = await stdout.end().catch(() => null);
    if (!w && !selfEmitted) {
      return { ...report, outcome: "failed", error: { code: "TaskKilledError", message: "task killed (excessive resource usage)" } };
    }
    if (w && selfEmitted) await stdout.discard();
    else if (w) {
      await this.ensureDirs(out);
      const saved = await commitBlob(this.env, out, w.blob, w.md5, { contentType: "text/plain" });
      if (!saved.ok) return { ...report, outcome: "internal", error: { code: "InternalError", message: saved.message } };
    }
    if (verdict.outcome === "ok") {
      report.outputs = selfEmitted ? this.emitted : [{ key: out, reducer: null }];
      return report;
    }
    const errPath = stderrName(a.outbase, base, a.phase, a.taskId);
    await this.ensureDirs(errPath);
    const saved = await writeObject(this.env, errPath, stderr.bytes(), { contentType: "text/plain" });
    if (saved.ok) report.stderr = errPath;
    return report;
  }
}
