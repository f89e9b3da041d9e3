/** HTTP-level guards on a target path (the lookups themselves are the namespace client's). */
import { MantaError } from "../../core/errors.ts";
import { isAccountRoot, isTopDirectory, type MantaPath } from "../../core/paths.ts";

export function assertNotRoot(target: MantaPath, method: string): void {
  if (isAccountRoot(target) || isTopDirectory(target)) {
    throw new MantaError("OperationNotAllowedOnRootDirectory", `${method} is not allowed on ${target.path}`);
  }
}
