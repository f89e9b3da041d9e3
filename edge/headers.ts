// Header rewriting between client and Worker. Raw header arrays ([name, value, ...]) keep
// duplicates and order; only hop-by-hop headers and internal headers change.
// The Host header is kept as the client sent it: presigned URLs sign the host with its port.
//
// Framing is never up to the client's Connection header: a request whose content-length was
// dropped would reach workerd with its body parsed as a second request (validate.ts refuses
// a Connection header that names a framing header; this file never drops one either way).
import type { IncomingMessage } from "node:http";

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** Headers that frame the request: never dropped, whatever a Connection header names. */
export const FRAMING = new Set(["content-length", "transfer-encoding", "host"]);

/**
 * The secret by which the Worker knows a request came through this edge: workerd's own ports
 * listen on loopback, where any local user could reach them (request-context.ts checks it).
 */
export const EDGE_HEADER = "x-mobula-edge";

/** Headers only the edge may set: a client must not forge a preflight. */
export const PREFLIGHT_HEADER = "x-mobula-preflight";
export const PREFLIGHT_LENGTH_HEADER = "x-mobula-content-length";
const EDGE_ONLY = new Set(["expect", "x-forwarded-for"]);

/**
 * Internal headers a client may never send: the edge's own (`x-mobula-*`) and the local
 * runtime's (`mf-*`, which miniflare reads as routing and URL overrides).
 */
export function isInternal(name: string): boolean {
  return name.startsWith("x-mobula-") || name.startsWith("mf-");
}

/** The header names a request's Connection header lists (all of them, lower-case). */
export function connectionTokens(raw: string[]): Set<string> {
  const tokens = new Set<string>();
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i].toLowerCase() !== "connection") continue;
    for (const t of raw[i + 1].split(",")) if (t.trim()) tokens.add(t.trim().toLowerCase());
  }
  return tokens;
}

/**
 * How the request's body is framed, read from rawHeaders: the same list that is forwarded.
 * (req.headers keeps only the first 1,000 header pairs unless maxHeadersCount is 0, and a
 * framing decision taken from one list while the other is forwarded once hung an upload.)
 */
export function framing(req: IncomingMessage): { length: string | undefined; chunked: boolean } {
  return { length: headerValue(req.rawHeaders, "content-length"), chunked: headerValue(req.rawHeaders, "transfer-encoding") !== undefined };
}

export function hasBody(req: IncomingMessage): boolean {
  const { length, chunked } = framing(req);
  return chunked || (length !== undefined && length !== "0");
}

export type Mode = "proxy" | "preflight" | "upgrade";

export function upstreamHeaders(req: IncomingMessage, mode: Mode, secret?: string): string[] {
  const named = connectionTokens(req.rawHeaders);
  const out: string[] = [];
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (EDGE_ONLY.has(name) || isInternal(name)) continue;
    if (mode === "upgrade" && (name === "connection" || name === "upgrade")) {
      out.push(raw[i], raw[i + 1]);
      continue;
    }
    if (HOP_BY_HOP.has(name) || (named.has(name) && !FRAMING.has(name))) continue;
    if (mode === "preflight" && name === "content-length") continue;
    out.push(raw[i], raw[i + 1]);
  }

  if (secret) out.push(EDGE_HEADER, secret);
  const prior = req.headers["x-forwarded-for"];
  const peer = req.socket.remoteAddress ?? "unknown";
  out.push("x-forwarded-for", prior ? `${prior}, ${peer}` : peer);

  const { length, chunked } = framing(req);
  if (mode === "preflight") {
    out.push(PREFLIGHT_HEADER, "1", "content-length", "0");
    if (length !== undefined) out.push(PREFLIGHT_LENGTH_HEADER, length);
  } else if (mode === "proxy" && chunked) {
    // Node's parser only accepts chunked framing; re-frame it the same way upstream.
    out.push("transfer-encoding", "chunked");
  }
  return out;
}

/** Response headers to relay: framing is redone by Node for the client's connection. */
export function downstreamHeaders(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    if (HOP_BY_HOP.has(raw[i].toLowerCase())) continue;
    out.push(raw[i], raw[i + 1]);
  }
  return out;
}

export function headerValue(raw: string[], name: string): string | undefined {
  for (let i = 0; i < raw.length; i += 2) if (raw[i].toLowerCase() === name) return raw[i + 1];
  return undefined;
}
