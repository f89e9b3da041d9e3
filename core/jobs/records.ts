/**
 * Task error records (manta.md §7.5): one per failed task, kept by the JobDO,
 * shown on `live/err` in muskie's shape (key `phase`) and archived to err.txt in
 * marlin's shape (key `phaseNum`, plus taskId/server/machine).
 */

export const TASK_ERROR_CODES = [
  "UserTaskError",
  "TaskInitError",
  "ResourceNotFoundError",
  "InvalidArgumentError",
  "AuthorizationError",
  "TaskKilledError",
  "JobCancelledError",
  "ServiceUnavailableError",
  "InternalError",
] as const;
export type TaskErrorCode = (typeof TASK_ERROR_CODES)[number];

export interface TaskErrorRecord {
  taskId: string;
  phaseNum: number;
  kind: "map" | "reduce";
  input: string | null;
  p0input: string | null;
  code: TaskErrorCode;
  message: string;
  stderr: string | null; // object path of the saved stderr
  server: string; // e.g. "shard-2"
}

export function what(r: Pick<TaskErrorRecord, "phaseNum" | "kind" | "input" | "p0input">): string {
  if (r.kind === "reduce" || r.input === null) return `phase ${r.phaseNum}: reduce`;
  const from = r.phaseNum > 0 && r.p0input !== null && r.p0input !== r.input ? ` (from job input "${r.p0input}")` : "";
  return `phase ${r.phaseNum}: input "${r.input}"${from}`;
}

/** A `live/err` line (muskie jobs/error.js). */
export function liveErrorLine(r: TaskErrorRecord): Record<string, unknown> {
  const line: Record<string, unknown> = { phase: r.phaseNum, what: what(r), code: r.code, message: r.message };
  if (r.stderr !== null) line.stderr = r.stderr;
  if (r.input !== null) line.input = r.input;
  if (r.p0input !== null) line.p0input = r.p0input;
  return line;
}

/** An err.txt line (marlin's error object). */
export function archivedErrorLine(r: TaskErrorRecord): Record<string, unknown> {
  const line: Record<string, unknown> = { taskId: r.taskId, phaseNum: r.phaseNum, server: r.server, machine: r.server };
  if (r.input !== null) line.input = r.input;
  if (r.p0input !== null) line.p0input = r.p0input;
  line.what = what(r);
  line.code = r.code;
  line.message = r.message;
  if (r.stderr !== null) line.stderr = r.stderr;
  return line;
}

export function isTaskErrorCode(v: unknown): v is TaskErrorCode {
  return typeof v === "string" && (TASK_ERROR_CODES as readonly string[]).includes(v);
}
