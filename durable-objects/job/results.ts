/**
 * How inputs and task reports change a job — synchronous, so each call is one
 * atomic step of the JobDO (no await between reading and writing the record).
 */
import { canRead } from "../../core/access.ts";
import { normaliseInput } from "../../core/jobs/naming.ts";
import { MAX_ATTEMPTS, type EmittedOutput, type TaskReport } from "../../core/jobs/protocol.ts";
import type { TaskErrorCode, TaskErrorRecord } from "../../core/jobs/records.ts";
import { routeToReducer } from "../../core/jobs/routing.ts";
import type { JobRecord } from "../../core/jobs/state.ts";
import type { TaskRow } from "./schema.ts";
import type { JobStore } from "./store.ts";

/** A job input: a map task of phase 0, or (when phase 0 reduces) a routed reducer input. */
export function feedInput(store: JobStore, job: JobRecord, path: string): void {
  store.addInput(path);
  const first = job.phases[0]!;
  if (first.type === "map") {
    store.addTask({ phase: 0, kind: "map", input: path, p0input: path, reducer: null });
    job.stats.tasks++;
    return;
  }
  // A reducer reads its inputs as they come: the permission check happens here, once,
  // before the name is routed (the map path makes the same check in dispatch.ts).
  const name = normaliseInput(path);
  if (name === null) return inputError(store, job, path, "ResourceNotFoundError", `malformed object name: "${path}"`);
  if (!canRead(job.login, name)) return inputError(store, job, name, "AuthorizationError", `permission denied: "${name}"`);
  const routed = routeToReducer(name, first.count ?? 1, null);
  if (routed.ok) store.addOutput({ task_id: "input", phase: -1, key: name, p0input: name, reducer: routed.reducer });
}

/** An input refused before any task saw it (phase 0 is a reduce). */
function inputError(store: JobStore, job: JobRecord, input: string, code: TaskErrorCode, message: string): void {
  store.addError({ taskId: "input", phaseNum: 0, kind: "reduce", input, p0input: input, code, message, stderr: null, server: "job" });
  job.stats.errors++;
}

export function failTask(store: JobStore, job: JobRecord, task: TaskRow, code: TaskErrorCode, message: string, stderr: string | null, server: string): void {
  store.setTask(task.id, { state: "failed" });
  job.stats.tasksDone++;
  recordError(store, job, task, code, message, stderr, server);
}

function recordError(store: JobStore, job: JobRecord, task: TaskRow, code: TaskErrorCode, message: string, stderr: string | null, server: string): void {
  const record: TaskErrorRecord = {
    taskId: task.id,
    phaseNum: task.phase,
    kind: task.kind,
    input: task.input,
    p0input: task.p0input,
    code,
    message,
    stderr,
    server,
  };
  store.addError(record);
  job.stats.errors++;
}

/** Last phase: job outputs. Otherwise feed the next phase: a map task each, or a reducer's input. */
function forward(store: JobStore, job: JobRecord, task: TaskRow, outputs: EmittedOutput[], server: string): void {
  const next = job.phases[task.phase + 1];
  for (const o of outputs) {
    if (!next) {
      store.addOutput({ task_id: task.id, phase: task.phase, key: o.key, p0input: task.p0input, reducer: null });
      job.stats.outputs++;
    } else if (next.type === "map") {
      store.addOutput({ task_id: task.id, phase: task.phase, key: o.key, p0input: task.p0input, reducer: null });
      store.addTask({ phase: task.phase + 1, kind: "map", input: o.key, p0input: task.p0input ?? o.key, reducer: null });
      job.stats.tasks++;
    } else {
      const routed = routeToReducer(o.key, next.count ?? 1, o.reducer);
      if (!routed.ok) {
        recordError(store, job, task, "InvalidArgumentError", routed.message, null, server);
        continue;
      }
      store.addOutput({ task_id: task.id, phase: task.phase, key: o.key, p0input: task.p0input, reducer: routed.reducer });
    }
  }
}

/** Apply a report once: stale attempts, duplicates and reports for finished tasks change nothing. */
export function applyReport(store: JobStore, job: JobRecord, r: TaskReport): boolean {
  const task = store.task(r.taskId);
  if (!task || task.attempt !== r.attempt) return false;
  if (task.state !== "dispatched" && task.state !== "pending") return false;
  job.stats.bytesReadLocal += r.bytesLocal;
  job.stats.bytesReadRemote += r.bytesRemote;
  const server = `shard-${r.shard}`;
  if (r.outcome === "internal") {
    if (task.attempt < MAX_ATTEMPTS) {
      store.setTask(task.id, { state: "pending", attempt: task.attempt + 1, shard: null, dispatched_at: null });
      job.stats.retries++;
      return true;
    }
    failTask(store, job, task, "InternalError", "internal error", r.stderr, server);
    return true;
  }
  if (r.outcome === "failed") {
    failTask(store, job, task, r.error?.code ?? "InternalError", r.error?.message ?? "internal error", r.stderr, server);
    return true;
  }
  store.setTask(task.id, { state: "done" });
  job.stats.tasksDone++;
  forward(store, job, task, r.outputs, server);
  return true;
}
