// Header rewriting between client and Worker. Raw header arrays ([name, value, ...]) keep
// duplicates and order; only hop-by-hop headers and the edge's own control headers change.
// The Host header is kept as the client sent it: presigned URLs sign the host with its port.
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

/** Headers only the edge may set: a client must not forge a preflight. */
export const PREFLIGHT_HEADER = "x-mobula-preflight";
export const PREFLIGHT_LENGTH_HEADER = "x-mobula-content-length";
const EDGE_ONLY = new Set([PREFLIGHT_HEADER, PREFLIGHT_LENGTH_HEADER, "expect", "x-forwarded-for"]);

function connectionTokens(req: IncomingMessage): Set<string> {
  const value = req.headers.connection ?? "";
  return new Set(value.split(",").map((t) => t.trim().toLowerCase()).filter(Boolean));
}

export type Mode = "proxy" | "preflight" | "upgrade";

export function upstreamHeaders(req: IncomingMessage, mode: Mode): string[] {
  const named = connectionTokens(req);
  const out: string[] = [];
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (EDGE_ONLY.has(name)) continue;
    if (mode === "upgrade" && (name === "connection" || name === "upgrade")) {
      out.push(raw[i], raw[i + 1]);
      continue;
    }
    if (HOP_BY_HOP.has(name) || named.has(name)) continue;
    if (mode === "preflight" && name === "content-length") continue;
    out.push(raw[i], raw[i + 1]);
  }

  const prior = req.headers["x-forwarded-for"];
  const peer = req.socket.remoteAddress ?? "unknown";
  out.push("x-forwarded-for", prior ? `${prior}, ${peer}` : peer);

  if (mode === "preflight") {
    const length = req.headers["content-length"];
    out.push(PREFLIGHT_HEADER, "1", "content-length", "0");
    if (length !== undefined) out.push(PREFLIGHT_LENGTH_HEADER, length);
  } else if (mode === "proxy" && req.headers["transfer-encoding"] !== undefined) {
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
