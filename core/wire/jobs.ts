/**
 * The jobs engine's stored and RPC values, each parsed where it is read back
 * (a SQLite row, a queue entry, an RPC argument): a row written by an older or
 * broken version fails loudly at the boundary instead of deep inside a task.
 */
import { z } from "zod";
import type { TaskLimits } from "../jobs/limits.ts";
import type { TaskAssignment, TaskReport } from "../jobs/protocol.ts";
import { TASK_ERROR_CODES, type TaskErrorRecord } from "../jobs/records.ts";
import { PhaseSchema } from "../jobs/spec.ts";
import type { JobRecord } from "../jobs/state.ts";
import { BlobRefSchema } from "./blob.ts";

export type { JobRecord, TaskAssignment, TaskErrorRecord, TaskReport };

const count = z.number().int().nonnegative();

export const TaskErrorCodeSchema = z.enum(TASK_ERROR_CODES);

export const TaskLimitsSchema: z.ZodType<TaskLimits> = z.object({
  memoryMiB: count,
  diskMiB: count,
  cpuFuel: z.number().nonnegative(),
  wallMs: count,
  outputBytes: count,
});

export const TaskAssignmentSchema: z.ZodType<TaskAssignment> = z.object({
  jobId: z.string(),
  login: z.string(),
  taskId: z.string(),
  attempt: z.number().int().positive(),
  phase: count,
  kind: z.enum(["map", "reduce"]),
  exec: z.string(),
  init: z.string().nullable(),
  assets: z.array(z.string()),
  limits: TaskLimitsSchema,
  outbase: z.string(),
  input: z.object({ path: z.string(), blob: BlobRefSchema.nullable(), size: count }).nullable(),
  p0input: z.string().nullable(),
  reducer: count.nullable(),
  shard: count,
});

export const TaskReportSchema: z.ZodType<TaskReport> = z.object({
  jobId: z.string(),
  taskId: z.string(),
  attempt: z.number().int().positive(),
  shard: count,
  outcome: z.enum(["ok", "failed", "internal"]),
  error: z.object({ code: TaskErrorCodeSchema, message: z.string() }).nullable(),
  stderr: z.string().nullable(),
  outputs: z.array(z.object({ key: z.string(), reducer: count.nullable() })),
  bytesLocal: count,
  bytesRemote: count,
});

export const TaskErrorRecordSchema: z.ZodType<TaskErrorRecord> = z.object({
  taskId: z.string(),
  phaseNum: count,
  kind: z.enum(["map", "reduce"]),
  input: z.string().nullable(),
  p0input: z.string().nullable(),
  code: TaskErrorCodeSchema,
  message: z.string(),
  stderr: z.string().nullable(),
  server: z.string(),
});

const time = z.number().nullable();

export const JobRecordSchema: z.ZodType<JobRecord, z.ZodTypeDef, unknown> = z.object({
  id: z.string(),
  login: z.string(),
  name: z.string(),
  phases: z.array(PhaseSchema),
  state: z.enum(["queued", "running", "done"]),
  cancelled: z.boolean(),
  inputDone: z.boolean(),
  transient: z.boolean(),
  timeCreated: z.number(),
  timeDone: time,
  timeArchiveStarted: time,
  timeArchiveDone: time,
  stats: z.object({ errors: count, outputs: count, retries: count, tasks: count, tasksDone: count, bytesReadLocal: count, bytesReadRemote: count }),
});
