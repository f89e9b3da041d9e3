/**
 * Where a job's objects live and how task outputs are named (manta.md §7.6):
 *   outbase  /<login>/jobs/<id>/stor
 *   stdout   <outbase><base>.<phase>.<taskId>
 *   stderr   <outbase><base>.<phase>.err.<taskId>   (failures only)
 * base = the input path (phase 0 map), the job input it descends from (later
 * map phases), or `/reduce`. Inputs already under outbase lose that prefix.
 */

export function jobDir(login: string, id: string): string {
  return `/${login}/jobs/${id}`;
}

export function outputBase(login: string, id: string): string {
  return `${jobDir(login, id)}/stor`;
}

export const ARCHIVE_FILES = ["job.json", "in.txt", "out.txt", "err.txt", "fail.txt"] as const;
export type ArchiveFile = (typeof ARCHIVE_FILES)[number];

export function archivePath(login: string, id: string, file: ArchiveFile): string {
  return `${jobDir(login, id)}/${file}`;
}

/** The base a task's output names start from. */
export function taskBase(outbase: string, kind: "map" | "reduce", input: string | null, p0input: string | null, phase: number): string {
  if (kind === "reduce") return "/reduce";
  const source = phase === 0 ? input : (p0input ?? input);
  if (source === null) return "/reduce";
  return source.startsWith(outbase + "/") ? source.slice(outbase.length) : source;
}

export function taskOutputPrefix(outbase: string, base: string, phase: number): string {
  return `${outbase}${base}.${phase}.`;
}

export function stdoutName(outbase: string, base: string, phase: number, taskId: string): string {
  return `${taskOutputPrefix(outbase, base, phase)}${taskId}`;
}

export function stderrName(outbase: string, base: string, phase: number, taskId: string): string {
  return `${outbase}${base}.${phase}.err.${taskId}`;
}

/** `/alice/stor/x` is readable in the task at `/manta/alice/stor/x`. */
export function inputFile(path: string): string {
  return `/manta/${path.replace(/^\/+/, "")}`;
}

/** Split input lines as muskie did: `\r?\n`, blank lines skipped, surrounding spaces trimmed. */
export function splitInputLines(body: string): string[] {
  return body
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/** Normalise an input name the way the client does (`path.posix.normalize`, no trailing slash). */
export function normaliseInput(raw: string): string | null {
  if (!raw.startsWith("/")) return null;
  const out: string[] = [];
  for (const seg of raw.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      out.pop();
      continue;
    }
    out.push(seg);
  }
  return out.length < 2 ? null : "/" + out.join("/");
}

/** The directories between outbase and an output name, outermost first (each must exist before the object). */
export function dirsBetween(outbase: string, name: string): string[] {
  if (!name.startsWith(outbase + "/")) return [];
  const rest = name.slice(outbase.length + 1).split("/").slice(0, -1);
  const dirs: string[] = [];
  let cur = outbase;
  for (const seg of rest) {
    cur = `${cur}/${seg}`;
    dirs.push(cur);
  }
  return dirs;
}
