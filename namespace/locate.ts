/** Finding an entry: a path's parent directory object and the entry's row in it. */
import type { Entry } from "../core/entry.ts";
import { MantaError } from "../core/errors.ts";
import { basename, dirname, type MantaPath } from "../core/paths.ts";
import { directory } from "./stubs.ts";

export interface Located {
  parentPath: string;
  name: string;
  /** The parent accepts children: created and not removed, or an implicit top-level directory. */
  live: boolean;
  entry: Entry | null;
}

/** Where a path's entry lives, without asking anyone. */
export function placeOf(target: MantaPath | string): Pick<Located, "parentPath" | "name"> {
  const path = typeof target === "string" ? target : target.path;
  return { parentPath: dirname(path), name: basename(path) };
}

export async function locate(env: Env, target: MantaPath | string): Promise<Located> {
  const place = placeOf(target);
  const { live, entry } = await directory(env, place.parentPath).inspect(place.name);
  return { ...place, live, entry };
}

/** The entry at `path` (`/login/top/...`), or null; the account root and `/login` itself hold none. */
export async function lookup(env: Env, path: string): Promise<Entry | null> {
  if (dirname(path).split("/").length < 3) return null;
  return (await locate(env, path)).entry;
}

/** Why a parent is not usable: missing, or an object where a directory should be. */
export async function missingParent(env: Env, parentPath: string): Promise<MantaError> {
  if (dirname(parentPath).split("/").length >= 3) {
    const { entry } = await directory(env, dirname(parentPath)).inspect(basename(parentPath));
    if (entry?.type === "object") return new MantaError("ParentNotDirectory", `${parentPath} is not a directory`);
  }
  return new MantaError("DirectoryDoesNotExist", `${parentPath} does not exist`);
}

export function notFound(path: string): MantaError {
  return new MantaError("ResourceNotFound", `${path} was not found`);
}
