/**
 * Placing a task: a map task goes to the least-loaded ShardDO among the shards
 * that hold a copy of its input (for a multipart object, those holding the most
 * of its bytes), so input bytes are read beside their bucket and never pass
 * through the JobDO or the front Worker. Reducers read from every shard anyway
 * and go to the least-loaded shard overall.
 */
import type { BlobRef } from "../../core/entry.ts";
import { taskLimits } from "../../core/jobs/limits.ts";
import { normaliseInput } from "../../core/jobs/naming.ts";
import { outputBase } from "../../core/jobs/naming.ts";
import type { TaskAssignment } from "../../core/jobs/protocol.ts";
import type { TaskErrorCode } from "../../core/jobs/records.ts";
import type { JobRecord } from "../../core/jobs/state.ts";
import { shardCount } from "../../storage/shards.ts";
import type { TaskRow } from "./schema.ts";
import { canRead, lookup } from "../../namespace/index.ts";
import { shardPort } from "../shard/port.ts";

export type Placement = { ok: true; assignment: TaskAssignment } | { ok: false; code: TaskErrorCode; message: string };


/** Shards holding the most bytes of the blob (all of them, for a plain blob). */
export function shardsWithMostBytes(blob: BlobRef): number[] {
  const pieces = blob.parts ?? [blob];
  const bytes = new Map<number, number>();
  for (const p of pieces) for (const s of p.shards) bytes.set(s, (bytes.get(s) ?? 0) + p.size);
  const best = Math.max(...bytes.values());
  return [...bytes.entries()].filter(([, n]) => n === best).map(([s]) => s);
}

async function leastLoaded(env: Env, candidates: number[]): Promise<number> {
  const loads = await Promise.all(candidates.map(async (k) => ({ k, load: await shardPort(env, k).load().catch(() => Infinity) })));
  const min = Math.min(...loads.map((l) => l.load));
  const best = loads.filter((l) => l.load === min);
  return best[Math.floor(Math.random() * best.length)]!.k;
}

export async function place(env: Env, job: JobRecord, task: TaskRow): Promise<Placement> {
  const phase = job.phases[task.phase]!;
  const base: Omit<TaskAssignment, "input" | "shard"> = {
    jobId: job.id,
    login: job.login,
    taskId: task.id,
    attempt: task.attempt,
    phase: task.phase,
    kind: task.kind,
    exec: phase.exec,
    init: phase.init ?? null,
    assets: phase.assets ?? [],
    limits: taskLimits(phase),
    outbase: outputBase(job.login, job.id),
    p0input: task.p0input,
    reducer: task.reducer,
  };
  const all = Array.from({ length: shardCount(env) }, (_, i) => i);
  if (task.kind === "reduce" || task.input === null) {
    return { ok: true, assignment: { ...base, input: null, shard: await leastLoaded(env, all) } };
  }
  const path = normaliseInput(task.input);
  if (path === null) return { ok: false, code: "ResourceNotFoundError", message: `malformed object name: "${task.input}"` };
  if (!canRead(job.login, path)) return { ok: false, code: "AuthorizationError", message: `permission denied: "${path}"` };
  const entry = await lookup(env, path);
  if (!entry) return { ok: false, code: "ResourceNotFoundError", message: `no such object: "${path}"` };
  if (entry.type === "directory") {
    return { ok: false, code: "InvalidArgumentError", message: `objects of type "directory" are not supported: "${path}"` };
  }
  const candidates = entry.blob ? shardsWithMostBytes(entry.blob) : all;
  const shard = await leastLoaded(env, candidates);
  return { ok: true, assignment: { ...base, input: { path, blob: entry.blob, size: entry.size }, shard } };
}
