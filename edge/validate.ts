// HTTP-level checks that workerd answers badly (platform.md §9: 5xx or silence). Node's
// parser has already rejected what it cannot parse (see client-error.ts); this covers
// requests that parse but that the Worker must never see.
import type { IncomingMessage } from "node:http";
import { MAX_PUT_BYTES } from "../core/storage-limits.ts";
import { edgeError, type EdgeError } from "./errors.ts";
import { connectionTokens, FRAMING, framing } from "./headers.ts";

/** Methods the Manta API (and CORS preflights) use; everything else is 405 here. */
export const ALLOWED_METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS", "PATCH"];


export function methodNotAllowed(method: string): EdgeError {
  return edgeError("MethodNotAllowed", `${method} is not allowed`, { allow: ALLOWED_METHODS.join(", ") });
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
    return edgeError("InvalidResource", `request target ${JSON.stringify(target.slice(0, 200))} is not a path`);
  }

  const hosts = countHeader(req.rawHeaders, "host");
  if (hosts !== 1) {
    const message = hosts === 0 ? "the Host header is required" : "the Host header appears more than once";
    return edgeError("InvalidHeader", message);
  }

  // A hop-by-hop claim on a framing header is a smuggling attempt, never a real client's need.
  const named = [...connectionTokens(req.rawHeaders)].filter((t) => FRAMING.has(t));
  if (named.length > 0) {
    return edgeError("InvalidHeader", `the Connection header must not name ${named.join(", ")}`);
  }

  const { length } = framing(req);
  // Answered here, not by the Worker: workerd sends no early answer while a body is pending.
  if (length !== undefined && Number(length) > MAX_PUT_BYTES) {
    return edgeError("NotEnoughSpace", `not enough free space for ${Math.ceil(Number(length) / 1024 ** 2)} MB: one PUT stores at most ${MAX_PUT_BYTES} bytes, use a multipart upload`);
  }
  return null;
}
