/**
 * Placing a task: a map task goes to the least-loaded ShardDO among the shards
 * that hold a copy of its input (for a multipart object, those holding the most
 * of its bytes), so input bytes are read beside their bucket and never pass
 * through the JobDO or the front Worker. Reducers read from every shard anyway
 * and go to the least-loaded shard overall.
 * A task's CPU limit grows with its input (core/jobs/limits.ts): a map task's
 * input object, or the sum of the objects routed to a reducer, looked up here.
 */
import type { BlobRef } from "../../core/entry.ts";
import { cpuPolicy, taskLimits } from "../../core/jobs/limits.ts";
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

const SIZE_LOOKUPS = 16; // at once, for a reducer's inputs

/** Bytes of the objects `keys` names that `login` may read; a missing one counts 0 (the reducer reports it). */
export async function inputBytes(env: Env, login: string, keys: string[]): Promise<number> {
  let total = 0;
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++]!;
      if (!canRead(login, key)) continue;
      const entry = await lookup(env, key);
      if (entry?.type === "object") total += entry.size;
    }
  };
  await Promise.all(Array.from({ length: Math.min(SIZE_LOOKUPS, keys.length) }, worker));
  return total;
}

async function leastLoaded(env: Env, candidates: number[]): Promise<number> {
  const loads = await Promise.all(candidates.map(async (k) => ({ k, load: await shardPort(env, k).load().catch(() => Infinity) })));
  const min = Math.min(...loads.map((l) => l.load));
  const best = loads.filter((l) => l.load === min);
  return best[Math.floor(Math.random() * best.length)]!.k;
}

/** `reducerKeys` lists the objects routed to a reduce task (all of them: its inputs are complete). */
export async function place(env: Env, job: JobRecord, task: TaskRow, reducerKeys: () => string[]): Promise<Placement> {
  const phase = job.phases[task.phase]!;
  const cpu = cpuPolicy(env);
  const base = (bytes: number): Omit<TaskAssignment, "input" | "shard"> => ({
    jobId: job.id,
    login: job.login,
    taskId: task.id,
    attempt: task.attempt,
    phase: task.phase,
    kind: task.kind,
    exec: phase.exec,
    init: phase.init ?? null,
    assets: phase.assets ?? [],
    limits: taskLimits(phase, bytes, cpu),
    outbase: outputBase(job.login, job.id),
    p0input: task.p0input,
    reducer: task.reducer,
  });
  const all = Array.from({ length: shardCount(env) }, (_, i) => i);
  if (task.kind === "reduce" || task.input === null) {
    const bytes = await inputBytes(env, job.login, reducerKeys());
    return { ok: true, assignment: { ...base(bytes), input: null, shard: await leastLoaded(env, all) } };
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
  return { ok: true, assignment: { ...base(entry.size), input: { path, blob: entry.blob, size: entry.size }, shard } };
}
