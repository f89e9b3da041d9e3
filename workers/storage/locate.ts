/** Finding an entry: a path's parent directory object and the entry's row in it. */
import type { Entry } from "../../core/entry.ts";
import { MantaError } from "../../core/errors.ts";
import { basename, dirname, isAccountRoot, isTopDirectory, type MantaPath } from "../../core/paths.ts";
import { directory } from "../services.ts";

export interface Located {
  parentPath: string;
  name: string;
  /** The parent is a top-level directory, live without being created. */
  parentImplicit: boolean;
  live: boolean;
  entry: Entry | null;
}

export function assertNotRoot(target: MantaPath, method: string): void {
  if (isAccountRoot(target) || isTopDirectory(target)) {
    throw new MantaError("OperationNotAllowedOnRootDirectory", `${method} is not allowed on ${target.path}`);
  }
}

/** Depth of `/login/top/...` paths: 2 segments = a top-level directory. */
export function isImplicitDir(path: string): boolean {
  return path.split("/").length === 3;
}

/** Where a path's entry lives, without asking anyone. */
export function placeOf(target: MantaPath): Pick<Located, "parentPath" | "name" | "parentImplicit"> {
  const parentPath = dirname(target.path);
  return { parentPath, name: basename(target.path), parentImplicit: isImplicitDir(parentPath) };
}

export async function locate(env: Env, target: MantaPath): Promise<Located> {
  const place = placeOf(target);
  const { live, entry } = await directory(env, place.parentPath).inspect(place.name, place.parentImplicit);
  return { ...place, live, entry };
}

/** Why a parent is not usable: missing, or an object where a directory should be. */
export async function missingParent(env: Env, parentPath: string): Promise<MantaError> {
  const grand = dirname(parentPath);
  if (grand.split("/").length >= 3) {
    const { entry } = await directory(env, grand).inspect(basename(parentPath), isImplicitDir(grand));
    if (entry?.type === "object") return new MantaError("ParentNotDirectory", `${parentPath} is not a directory`);
  }
  return new MantaError("DirectoryDoesNotExist", `${parentPath} does not exist`);
}

export function notFound(path: string): MantaError {
  return new MantaError("ResourceNotFound", `${path} was not found`);
}
