/**
 * Making directories, the one way every caller does it (PUT of a directory, a
 * job's directories, an upload's parts directory, task output directories):
 * the parent records the entry, then a *new* directory goes live. Re-activating
 * an existing one could revive a directory an rmdir just retired, so only a
 * created entry activates.
 */
import type { Result } from "../core/errors.ts";
import { basename, dirname } from "../core/paths.ts";
import { directory } from "./stubs.ts";

/** mkdir of one directory whose parent must exist; idempotent (an existing directory is fine). */
export async function mkdir(env: Env, path: string, headers: Record<string, string> = {}): Promise<Result<{ created: boolean }>> {
  const made = await directory(env, dirname(path)).putDirectory({ type: "directory", name: basename(path), mtime: Date.now(), headers });
  if (made.ok && made.created) await directory(env, path).activate();
  return made;
}

/** mkdir -p below a live `base`: each directory of `dirs`, outermost first; stops at the first failure. */
export async function mkdirp(env: Env, dirs: string[]): Promise<Result<{}>> {
  for (const dir of dirs) {
    const made = await mkdir(env, dir);
    if (!made.ok) return made;
  }
  return { ok: true };
}
