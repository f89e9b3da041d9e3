/** OPTIONS: CORS preflight against the entry's stored rules (the parent's for a PUT). */
import type { Context } from "hono";
import { isAccountRoot, isTopDirectory, parseRequestPath } from "../../core/paths.ts";
import { dirname } from "../../core/paths.ts";
import type { AppEnv } from "../env.ts";
import { locate } from "../../namespace/index.ts";

export async function preflightCors(c: Context<AppEnv>): Promise<Response> {
  const origin = c.req.header("origin");
  const method = c.req.header("access-control-request-method")?.toUpperCase();
  let target = c.get("target");
  if (!origin || !method) return c.body(null, 200);
  if (method === "PUT" && !isTopDirectory(target)) target = parseRequestPath(dirname(target.path));
  if (isAccountRoot(target) || isTopDirectory(target)) return c.body(null, 200);
  const { entry } = await locate(c.env, target);
  const rules = entry?.headers ?? {};
  const allowed = (rules["access-control-allow-origin"] ?? "").split(",").map((s) => s.trim());
  const methods = (rules["access-control-allow-methods"] ?? "").split(",").map((s) => s.trim().toUpperCase());
  if (!(allowed.includes("*") || allowed.includes(origin)) || !methods.includes(method)) return c.body(null, 200);
  const h: Record<string, string> = {
    "access-control-allow-origin": origin,
    "access-control-allow-methods": rules["access-control-allow-methods"]!,
  };
  if (rules["access-control-allow-headers"]) h["access-control-allow-headers"] = rules["access-control-allow-headers"];
  if (rules["access-control-max-age"]) h["access-control-max-age"] = rules["access-control-max-age"];
  return c.body(null, 200, h);
}
