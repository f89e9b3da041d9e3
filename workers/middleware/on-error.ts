/** The one writer of error bodies: `{ code, message }` with Manta's status. */
import type { ErrorHandler } from "hono";
import { toMantaError } from "../../core/errors.ts";
import type { AppEnv } from "../env.ts";
import { jsonResponse } from "../http.ts";

export const onError: ErrorHandler<AppEnv> = async (err, c) => {
  const e = toMantaError(err);
  if (e.code === "InternalError") console.error(JSON.stringify({ req_id: c.get("requestId"), error: String(err), stack: (err as Error)?.stack }));
  const headers: Record<string, string> = { ...e.headers };
  // A failed upload's body may still be arriving; tell the client not to reuse the connection.
  if (c.req.method === "PUT" || c.req.method === "POST") headers.connection = "close";
  if (c.req.method === "HEAD") return new Response(null, { status: e.status, headers });
  return jsonResponse(e.toJSON(), e.status, headers);
};
