// Asset archives as read-only trees under /assets (sandbox/archive/): `/alice/stor/tool.tar`
// mounts at /assets/alice/stor/tool/. Member files are views into the archive (or inflated
// on first read), so mounting costs a listing, not a copy. An archive that is malformed, or
// whose mount point another asset already holds, is left as a plain file (the asset may just
// be data that happens to be named .zip); links and devices inside are not mounted.
import { ArchiveError, archiveMount, memberNames, readArchive, type ArchiveMember } from "../archive/index.ts";
import { dir, mount, newIno, resolve, type DirNode, type FileNode, type TaskFs } from "./vfs.ts";

function memberFile(m: ArchiveMember): FileNode {
  let bytes: Uint8Array | null = null;
  const load = async () => (bytes ??= await m.data!());
  return {
    kind: "file", ino: newIno(), writable: false, mtimeMs: Date.now(),
    size: () => m.size,
    async read(off, len) {
      const b = await load();
      return b.subarray(Math.min(off, b.length), Math.min(off + len, b.length));
    },
  };
}

function place(top: DirNode, names: string[], m: ArchiveMember): void {
  let cur = top;
  for (const name of names.slice(0, -1)) {
    let next = cur.entries.get(name);
    if (!next) cur.entries.set(name, (next = dir(false)));
    if (next.kind !== "dir") return; // a file holds this name: the member cannot go below it
    cur = next;
  }
  const last = names[names.length - 1]!;
  const existing = cur.entries.get(last);
  if (m.kind === "dir") {
    if (!existing) cur.entries.set(last, dir(false));
  } else if (m.kind === "file" && existing?.kind !== "dir") {
    cur.entries.set(last, memberFile(m)); // a later member of the same name wins, as tar -x does
  }
}

export async function mountArchives(fs: TaskFs, assets: Record<string, ArrayBuffer>): Promise<void> {
  for (const [path, buf] of Object.entries(assets)) {
    const at = archiveMount(`/assets/${path.replace(/^\/+(assets\/)?/, "")}`);
    if (!at || resolve(fs.root, at).node) continue;
    let members: ArchiveMember[];
    try {
      members = await readArchive(path, new Uint8Array(buf));
    } catch (e) {
      if (e instanceof ArchiveError) continue;
      throw e;
    }
    const top = dir(false);
    for (const m of members) {
      const names = memberNames(m.path);
      if (names) place(top, names, m);
    }
    mount(fs.root, at, top);
  }
}
