/**
 * First step of every request: request id, identity and timing headers, and one
 * structured JSON log line (id, account, method, path, status, bytes, latency),
 * as muskie's bunyan audit log did.
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env.ts";

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
  if (c.get("preflight") && c.req.method !== "PUT") {
    // Only the storage PUTs check ahead of the body; anything else just asks for it
    // (running the handler without its body would act on an empty request).
    c.res = c.body(null, 204, { "x-mobula-preflight": "continue" });
  } else {
    await next();
  }
  const latency = Date.now() - c.get("startedAt");
  stampHeaders(c);
  console.log(
    JSON.stringify({
      name: "mobula",
      req_id: requestId,
      account: c.get("caller").login,
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      status: c.res.status,
      bytes: Number(c.res.headers.get("content-length") ?? c.req.header("content-length") ?? 0),
      latency,
    }),
  );
});
