/**
 * DELETE: objects drop their name then their blob reference; directories go
 * dead in their own DirectoryDO first (only if empty — the race with a PUT
 * into them is settled there), then leave their parent's listing.
 */
import type { Context } from "hono";
import { unwrap } from "../../core/errors.ts";
import type { AppEnv } from "../env.ts";
import { conditionsOf } from "../http.ts";
import { directory, locate, notFound } from "../../namespace/index.ts";
import { assertNotRoot } from "./locate.ts";
import { releaseLater } from "./release.ts";

export async function deleteEntry(c: Context<AppEnv>): Promise<Response> {
  const target = c.get("target");
  assertNotRoot(target, "DELETE");
  const cond = conditionsOf(c.req.raw.headers);
  const where = await locate(c.env, target);
  if (!where.entry) throw notFound(target.path);
  const parent = directory(c.env, where.parentPath);
  if (where.entry.type === "directory") {
    unwrap(await directory(c.env, target.path).retire());
    const removed = await parent.remove(where.name, cond, "directory");
    if (!removed.ok) {
      await directory(c.env, target.path).activate();
      unwrap(removed);
    }
  } else {
    const removed = unwrap(await parent.remove(where.name, cond, "object"));
    if (removed.entry.type === "object") releaseLater(c.env, c.executionCtx, removed.entry.blob);
  }
  return c.body(null, 204);
}
