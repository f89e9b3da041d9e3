/**
 * First step of every request: request id, timing headers and one structured
 * JSON log line (id, account, method, path, status, bytes, latency), as
 * muskie's bunyan audit log did.
 */
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env.ts";

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
  c.res.headers.set("x-request-id", requestId);
  c.res.headers.set("x-response-time", String(latency));
  c.res.headers.set("server", "Manta");
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
