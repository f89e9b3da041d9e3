// The edge's own error answers. They use Manta's wire shape ({code, message} JSON) so a
// Manta client prints them like any server error, and they always close the connection:
// after a malformed request the byte stream can no longer be trusted for keep-alive.
import type { ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { STATUS_CODES } from "node:http";
import { STATUS, type MantaCode } from "../core/errors.ts";

/** The codes the edge answers with itself: a part of the one taxonomy, statuses and all. */
export type EdgeErrorCode = Extract<
  MantaCode,
  | "BadRequest"
  | "ExpectationFailed"
  | "InvalidHeader"
  | "InvalidResource"
  | "MethodNotAllowed"
  | "NotEnoughSpace"
  | "RequestHeaderFieldsTooLarge"
  | "RequestTimeout"
  | "ServiceUnavailable"
  | "UploadTimeout"
>;

export interface EdgeError {
  status: number;
  code: EdgeErrorCode;
  message: string;
  headers?: Record<string, string>;
}

/** An edge answer; its status is the taxonomy's for its code (core/errors.ts). */
export function edgeError(code: EdgeErrorCode, message: string, headers?: Record<string, string>): EdgeError {
  return { status: STATUS[code], code, message, ...(headers ? { headers } : {}) };
}

/** Responses that already carry an edge error: nothing else may write to them. */
const answered = new WeakSet<ServerResponse>();

export function isAnswered(res: ServerResponse): boolean {
  return answered.has(res);
}

function body(err: EdgeError): string {
  return JSON.stringify({ code: err.code, message: err.message });
}

/** Answers through Node's response object (headers not sent yet), then closes. */
export function sendError(res: ServerResponse, err: EdgeError): void {
  if (answered.has(res)) return;
  answered.add(res);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = body(err);
  res.shouldKeepAlive = false;
  res.writeHead(err.status, {
    ...err.headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    connection: "close",
  });
  res.end(req(res).method === "HEAD" ? undefined : text);
}

function req(res: ServerResponse): { method?: string } {
  return res.req ?? {};
}

/**
 * Answers on a raw socket (parser errors, CONNECT, failed upgrades), then closes it.
 * `identity` is identity.ts's headers: no response object stamps them here.
 */
export function writeRawError(socket: Duplex, err: EdgeError, identity: Record<string, string>): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const text = body(err);
  const extra = Object.entries({ ...identity, ...err.headers }).map(([k, v]) => `${k}: ${v}\r\n`).join("");
  socket.end(
    `HTTP/1.1 ${err.status} ${STATUS_CODES[err.status] ?? "Error"}\r\n` +
      `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\n` +
      `connection: close\r\n${extra}\r\n${text}`,
  );
}

export function uploadTimeout(idleMs: number): EdgeError {
  return edgeError("UploadTimeout", `the request body stopped arriving: nothing for ${idleMs / 1000} s`);
}

export function serviceUnavailable(message: string): EdgeError {
  return edgeError("ServiceUnavailable", message, { "retry-after": "5" });
}
