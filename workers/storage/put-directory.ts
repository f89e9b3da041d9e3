/** PutDirectory: idempotent mkdir. The parent records the entry, then the new directory goes live. */
import type { Context } from "hono";
import { MantaError, raise } from "../../core/errors.ts";
import { isAccountRoot, isTopDirectory } from "../../core/paths.ts";
import type { AppEnv } from "../env.ts";
import { userHeaders } from "../http.ts";
import { locate, missingParent, mkdir } from "../../namespace/index.ts";

export async function putDirectory(c: Context<AppEnv>): Promise<Response> {
  const target = c.get("target");
  if (isAccountRoot(target)) throw new MantaError("OperationNotAllowedOnRootDirectory", `PUT is not allowed on ${target.path}`);
  if (isTopDirectory(target)) return c.body(null, 204);
  const where = await locate(c.env, target);
  if (!where.live) throw await missingParent(c.env, where.parentPath);
  if (c.get("preflight")) return c.body(null, 204, { "x-mobula-preflight": "continue" });
  const made = await mkdir(c.env, target.path, userHeaders(c.req.raw.headers));
  if (!made.ok) {
    if (made.code === "DirectoryDoesNotExist") throw await missingParent(c.env, where.parentPath);
    if (made.code === "InvalidUpdate") throw new MantaError("InvalidUpdate", `${target.path} is an object, not a directory`);
    raise(made);
  }
  const origin = c.req.header("origin");
  return c.body(null, 204, origin ? { "access-control-allow-origin": origin } : {});
}
