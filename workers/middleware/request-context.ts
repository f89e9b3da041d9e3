/**
 * First step of every request: refuse what bypassed the local edge, then request
 * id, identity and timing headers, and the access log line (../access-log.ts).
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { MantaError } from "../../core/errors.ts";
import type { AppEnv } from "../env.ts";
import { onError } from "./on-error.ts";
import { logAccess } from "../access-log.ts";

/** Sent by the local edge with every request (edge/headers.ts). */
const EDGE_HEADER = "x-mobula-edge";

function sameSecret(given: string, secret: string): boolean {
  if (given.length !== secret.length) return false;
  let diff = 0;
  for (let i = 0; i < given.length; i++) diff |= given.charCodeAt(i) ^ secret.charCodeAt(i);
  return diff === 0;
}

/**
 * Under `npm start`, workerd's own ports listen on loopback, where any local user (or a
 * request smuggled past the edge) could reach the Worker directly: with MOBULA_EDGE_SECRET
 * set, only requests carrying it are served. Deployed, it is unset and Cloudflare's edge is
 * the only way in.
 */
function cameThroughEdge(c: Context<AppEnv>): boolean {
  const secret = c.env.MOBULA_EDGE_SECRET;
  return !secret || sameSecret(c.req.header(EDGE_HEADER) ?? "", secret);
}

/** Headers on every answer (SPEC §7): who answered, which request, how long it took. */
export function stampHeaders(c: Context<AppEnv>): void {
  const headers: Record<string, string> = {
    "x-request-id": c.get("requestId"),
    "x-response-time": String(Date.now() - c.get("startedAt")),
    "x-server-name": c.env.MOBULA_SERVER_NAME || "mobula",
    server: "Manta",
  };
  try {
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  } catch {
    // Immutable headers (a response passed through from elsewhere): stamp a copy.
    const copy = new Response(c.res.body, c.res);
    for (const [name, value] of Object.entries(headers)) copy.headers.set(name, value);
    c.res = copy;
  }
}

export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const requestId = c.req.header("x-request-id") || crypto.randomUUID();
  c.set("requestId", requestId);
  c.set("startedAt", Date.now());
  c.set("caller", { login: null, via: "anonymous" });
  c.set("preflight", c.req.header("x-mobula-preflight") === "1");
  if (!cameThroughEdge(c)) {
    c.res = await onError(new MantaError("AuthorizationFailed", "this port serves the local edge only; use the public URL"), c);
  } else if (c.get("preflight") && c.req.method !== "PUT") {
    // Only the storage PUTs check ahead of the body; anything else just asks for it
    // (running the handler without its body would act on an empty request).
    c.res = c.body(null, 204, { "x-mobula-preflight": "continue" });
  } else {
    await next();
  }
  stampHeaders(c);
  logRequest(c);
});

/** The request's access-log line, once it is answered (../access-log.ts). */
export function logRequest(c: Context<AppEnv>): void {
  logAccess(
    c.env.ACCESS_LOG,
    {
      req_id: c.get("requestId"),
      account: c.get("caller").login,
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      status: c.res.status,
      bytes: Number(c.res.headers.get("content-length") ?? c.req.header("content-length") ?? 0),
      latency: Date.now() - c.get("startedAt"),
    },
    (p) => c.executionCtx.waitUntil(p),
  );
}
