// HTTP-level checks that workerd answers badly (platform.md §9: 5xx or silence). Node's
// parser has already rejected what it cannot parse (see client-error.ts); this covers
// requests that parse but that the Worker must never see.
import type { IncomingMessage } from "node:http";
import type { EdgeError } from "./errors.js";
import { connectionTokens, FRAMING, framing } from "./headers.js";

/** Methods the Manta API (and CORS preflights) use; everything else is 405 here. */
export const ALLOWED_METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS", "PATCH"];

/** R2's largest object (5 TiB): no upload can be bigger, so do not start streaming one. */
export const MAX_CONTENT_LENGTH = 5 * 2 ** 40;

export function methodNotAllowed(method: string): EdgeError {
  return {
    status: 405,
    code: "MethodNotAllowed",
    message: `${method} is not allowed`,
    headers: { allow: ALLOWED_METHODS.join(", ") },
  };
}

function countHeader(raw: string[], name: string): number {
  let n = 0;
  for (let i = 0; i < raw.length; i += 2) if (raw[i].toLowerCase() === name) n++;
  return n;
}

/** Returns the error to answer instead of proxying, or null when the request may pass. */
export function validateRequest(req: IncomingMessage): EdgeError | null {
  const method = req.method ?? "";
  if (!ALLOWED_METHODS.includes(method)) return methodNotAllowed(method);

  // Origin-form only: `*` and absolute URIs are proxy/OPTIONS forms a Worker cannot route.
  const target = req.url ?? "";
  if (!target.startsWith("/") || target.startsWith("//")) {
    return { status: 400, code: "InvalidResource", message: `request target ${JSON.stringify(target.slice(0, 200))} is not a path` };
  }

  const hosts = countHeader(req.rawHeaders, "host");
  if (hosts !== 1) {
    const message = hosts === 0 ? "the Host header is required" : "the Host header appears more than once";
    return { status: 400, code: "InvalidHeader", message };
  }

  // A hop-by-hop claim on a framing header is a smuggling attempt, never a real client's need.
  const named = [...connectionTokens(req.rawHeaders)].filter((t) => FRAMING.has(t));
  if (named.length > 0) {
    return { status: 400, code: "InvalidHeader", message: `the Connection header must not name ${named.join(", ")}` };
  }

  const { length } = framing(req);
  if (length !== undefined && Number(length) > MAX_CONTENT_LENGTH) {
    return {
      status: 413,
      code: "MaxContentLengthExceeded",
      message: `content-length ${length} exceeds the maximum object size (${MAX_CONTENT_LENGTH} bytes)`,
    };
  }
  return null;
}
