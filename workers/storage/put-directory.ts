/** PutDirectory: idempotent mkdir. The parent records the entry, then the new directory goes live. */
import type { Context } from "hono";
import { MantaError, raise } from "../../core/errors.ts";
import { isAccountRoot, isTopDirectory } from "../../core/paths.ts";
import type { AppEnv } from "../env.ts";
import { userHeaders } from "../http.ts";
import { directory } from "../services.ts";
import { locate, missingParent } from "./locate.ts";

export async function putDirectory(c: Context<AppEnv>): Promise<Response> {
  const target = c.get("target");
  if (isAccountRoot(target)) throw new MantaError("OperationNotAllowedOnRootDirectory", `PUT is not allowed on ${target.path}`);
  if (isTopDirectory(target)) return c.body(null, 204);
  const where = await locate(c.env, target);
  if (!where.live) throw await missingParent(c.env, where.parentPath);
  if (c.get("preflight")) return c.body(null, 204, { "x-mobula-preflight": "continue" });
  const made = await directory(c.env, where.parentPath).putDirectory(
    { type: "directory", name: where.name, mtime: Date.now(), headers: userHeaders(c.req.raw.headers) },
    where.parentImplicit,
  );
  if (!made.ok) {
    if (made.code === "DirectoryDoesNotExist") throw await missingParent(c.env, where.parentPath);
    if (made.code === "InvalidUpdate") throw new MantaError("InvalidUpdate", `${target.path} is an object, not a directory`);
    raise(made);
  }
  // Only a new entry activates: re-activating an existing one could revive a directory an rmdir just retired.
  if (made.created) await directory(c.env, target.path).activate();
  const origin = c.req.header("origin");
  return c.body(null, 204, origin ? { "access-control-allow-origin": origin } : {});
}
