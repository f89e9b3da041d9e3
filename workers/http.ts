/** Request/response header mapping shared by the storage routes. */
import type { Conditions } from "../core/conditional.ts";
import type { Entry, ObjectEntry } from "../core/entry.ts";
import { MantaError } from "../core/errors.ts";
import { base64Encode } from "../core/ssh-key.ts";

const MAX_USER_HEADER_BYTES = 4096;
const STORED = [
  "access-control-allow-origin",
  "access-control-allow-methods",
  "access-control-allow-headers",
  "access-control-expose-headers",
  "access-control-max-age",
  "cache-control",
  "surrogate-key",
  "content-disposition",
  "role-tag",
];

export function conditionsOf(h: Headers): Conditions {
  const c: Conditions = {};
  const im = h.get("if-match");
  const inm = h.get("if-none-match");
  const ims = h.get("if-modified-since");
  const ius = h.get("if-unmodified-since");
  if (im !== null) c.ifMatch = im;
  if (inm !== null) c.ifNoneMatch = inm;
  if (ims !== null) c.ifModifiedSince = ims;
  if (ius !== null) c.ifUnmodifiedSince = ius;
  return c;
}

/**
 * The headers a PUT stores with an entry: m-*, CORS, cache-control, ... (m-* capped at 4 KiB as
 * Manta does). A directory has no content to dispose of: muskie neither checked nor kept
 * content-disposition on one, so a directory ignores it.
 */
export function userHeaders(h: Headers, type: "object" | "directory" = "object"): Record<string, string> {
  const out: Record<string, string> = {};
  let size = 0;
  h.forEach((value, name) => {
    const key = name.toLowerCase();
    if (key.startsWith("m-")) {
      size += key.length + value.length;
      if (size <= MAX_USER_HEADER_BYTES) out[key] = value;
    } else if (STORED.includes(key) && !(type === "directory" && key === "content-disposition")) {
      out[key] = value;
    }
  });
  if (out["content-disposition"] !== undefined && !/^[\x20-\x7e]*$/.test(out["content-disposition"])) {
    throw new MantaError("BadRequest", "content-disposition is malformed");
  }
  return out;
}

export function durabilityOf(h: Headers): number {
  const raw = h.get("durability-level") ?? h.get("x-durability-level");
  if (raw === null) return 2;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < 1 || n > 6) {
    throw new MantaError("InvalidDurabilityLevel", "durability-level must be between 1 and 6");
  }
  return n;
}

export function objectHeaders(e: ObjectEntry, origin: string | null, method: string): Headers {
  const h = new Headers();
  h.set("etag", e.etag);
  h.set("last-modified", new Date(e.mtime).toUTCString());
  h.set("content-type", e.contentType);
  h.set("content-md5", e.contentMD5);
  h.set("durability-level", String(e.durability));
  applyStoredHeaders(h, e, origin, method);
  return h;
}

function listed(list: string, value: string): boolean {
  return list.split(",").some((item) => item.trim() === value);
}

/**
 * Stored user headers, with CORS rules (manta.md §3.9). Without an Origin the stored rules are
 * echoed as they are. With one, they answer only a request they allow — the origin listed (or
 * `*`) and, when methods are stored, the request's method among them — and otherwise not at
 * all: muskie's addCustomHeaders removed every access-control-* header when either check failed,
 * so a GET from another origin is never told it may read what the rules keep for DELETE.
 */
export function applyStoredHeaders(h: Headers, e: Entry, origin: string | null, method: string): void {
  for (const [k, v] of Object.entries(e.headers)) {
    if (k.startsWith("access-control-")) continue;
    h.set(k, v);
  }
  const cors = Object.entries(e.headers).filter(([k]) => k.startsWith("access-control-"));
  if (!origin) {
    for (const [k, v] of cors) h.set(k, v);
    return;
  }
  const allowed = e.headers["access-control-allow-origin"];
  if (!allowed || !(listed(allowed, "*") || listed(allowed, origin))) return;
  const methods = e.headers["access-control-allow-methods"];
  if (methods && !listed(methods.toUpperCase(), method)) return;
  h.set("access-control-allow-origin", origin);
  if (methods) h.set("access-control-allow-methods", methods);
  const expose = e.headers["access-control-expose-headers"];
  if (expose) h.set("access-control-expose-headers", expose);
}

export async function md5Base64(bytes: Uint8Array): Promise<string> {
  return base64Encode(new Uint8Array(await crypto.subtle.digest("MD5", bytes)));
}

/** JSON with Content-MD5, as muskie sends it (restify's JsonClient checks it when present). */
export async function jsonResponse(body: unknown, status: number, headers: Record<string, string> = {}): Promise<Response> {
  const bytes = new TextEncoder().encode(JSON.stringify(body));
  return new Response(status === 204 ? null : bytes, {
    status,
    headers: { "content-type": "application/json", "content-md5": await md5Base64(bytes), ...headers },
  });
}

export function lastModified(ms: number): string {
  return new Date(ms).toUTCString();
}

