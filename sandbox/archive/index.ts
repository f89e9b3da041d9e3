// Asset archives (.tar, .tar.gz/.tgz, .zip) mount as read-only trees: a job names
// `/alice/stor/tool.tar` as an asset and its members appear under `/assets/alice/stor/tool/`
// (the archive's path without its extension; the archive itself stays at its own path).
// The host reads the same listing to find the wasm programs inside (user-programs.ts), the
// guest to build the tree (vfs.ts). Paths are made relative and may not climb (`..`).
import { readTar, isTar } from "./tar.ts";
import { ArchiveError, type ArchiveMember } from "./types.ts";
import { isZip, readZip } from "./zip.ts";

export { ArchiveError, type ArchiveMember } from "./types.ts";

const EXTENSIONS = [".tar.gz", ".tgz", ".tar", ".zip"];
/** More members than any language runtime's library has; bounds the tree's size. */
export const MAX_MEMBERS = 100_000;

/** Where an archive asset's tree mounts (the path without its extension), or null if it is none. */
export function archiveMount(path: string): string | null {
  const ext = EXTENSIONS.find((e) => path.toLowerCase().endsWith(e));
  return ext && path.length > ext.length ? path.slice(0, -ext.length) : null;
}

async function gunzip(b: Uint8Array): Promise<Uint8Array> {
  try {
    return new Uint8Array(await new Response(new Blob([b]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
  } catch {
    throw new ArchiveError("not a valid gzip stream");
  }
}

/** A member path as a list of names below the mount point, or null if it must not be mounted. */
export function memberNames(path: string): string[] | null {
  const names = path.split("/").filter((p) => p !== "" && p !== ".");
  return names.length && !names.includes("..") ? names : null;
}

/** The members of an archive asset; throws ArchiveError for a malformed one. */
export async function readArchive(path: string, bytes: Uint8Array): Promise<ArchiveMember[]> {
  const lower = path.toLowerCase();
  const body = lower.endsWith(".gz") || lower.endsWith(".tgz") ? await gunzip(bytes) : bytes;
  const members = isTar(body) ? readTar(body) : isZip(body) ? readZip(body) : null;
  if (!members) throw new ArchiveError("neither a tar nor a zip archive");
  if (members.length > MAX_MEMBERS) throw new ArchiveError(`more than ${MAX_MEMBERS} members`);
  return members;
}
