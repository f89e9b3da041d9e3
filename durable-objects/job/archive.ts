/**
 * The archive Manta writes when a job is done (manta.md §7.4): job.json,
 * in.txt, out.txt, fail.txt (one path per line) and err.txt (one marlin error
 * object per line) under /LOGIN/jobs/ID/, each readable cross-origin. The files
 * are streamed page by page from the job's tables, so a job with millions of
 * inputs is archived in constant memory. Rewriting them is harmless, so a
 * failed archive is simply retried by the next alarm.
 */
import { archivedErrorLine, type TaskErrorRecord } from "../../core/jobs/records.ts";
import { archivePath, type ArchiveFile } from "../../core/jobs/naming.ts";
import { jobJson, type JobRecord } from "../../core/jobs/state.ts";
import { writeObject } from "../../namespace/index.ts";
import type { JobStore, LineKind } from "./store.ts";
import { TaskErrorRecordSchema } from "../../core/wire/jobs.ts";

const PAGE = 500;
const HEADERS = { "access-control-allow-origin": "*" };

export function lineStream(store: JobStore, kind: LineKind, lastPhase: number, render: (value: string) => string): ReadableStream<Uint8Array> {
  let after = 0;
  const enc = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    pull(ctrl) {
      const rows = store.page(kind, lastPhase, after, PAGE);
      if (rows.length === 0) return ctrl.close();
      after = rows[rows.length - 1]!.seq;
      ctrl.enqueue(enc.encode(rows.map((r) => render(r.value) + "\n").join("")));
    },
  });
}

const errLine = (v: string) => JSON.stringify(archivedErrorLine(TaskErrorRecordSchema.parse(JSON.parse(v))));
const same = (v: string) => v;

export async function writeArchive(env: Env, store: JobStore, job: JobRecord): Promise<void> {
  const last = job.phases.length - 1;
  const files: Array<[ArchiveFile, () => ReadableStream<Uint8Array> | string, string]> = [
    ["in.txt", () => lineStream(store, "in", last, same), "text/plain"],
    ["out.txt", () => lineStream(store, "out", last, same), "text/plain"],
    ["fail.txt", () => lineStream(store, "fail", last, same), "text/plain"],
    ["err.txt", () => lineStream(store, "err", last, errLine), "application/x-json-stream; type=job-error"],
    ["job.json", () => JSON.stringify(jobJson(job)), "application/json"],
  ];
  for (const [file, body, contentType] of files) {
    const done = await writeObject(env, archivePath(job.login, job.id, file), body(), { contentType, headers: HEADERS });
    if (!done.ok) throw new Error(`archive ${file}: ${done.message}`);
  }
}
