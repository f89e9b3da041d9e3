// Turning what came back from the Worker into the client's answer, the same for both relays
// (proxy.ts through node:http, get-relay.ts off a raw connection).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Log } from "./context.ts";
import { isAnswered, sendError, serviceUnavailable } from "./errors.ts";
import { downstreamHeaders, headerValue } from "./headers.ts";

/** Marks errors the edge raised itself because the client went away or cut its body. */
export class ClientAborted extends Error {}

/**
 * Every Worker response carries x-request-id (SPEC §7); a 5xx without it was produced by
 * workerd or wrangler before the Worker ran (crash page, runtime error), not by Mobula.
 */
export const WORKER_MARKER = "x-request-id";

export interface AnswerHead {
  status: number;
  statusMessage: string | undefined;
  rawHeaders: string[];
}

/**
 * Starts the client's answer from the Worker's head. False when the Worker's body is not
 * wanted: the client was answered already, or the runtime's 5xx became a 503.
 */
export function answerHead(head: AnswerHead, req: IncomingMessage, res: ServerResponse, log: Log): boolean {
  if (isAnswered(res)) return false;
  if (head.status >= 500 && headerValue(head.rawHeaders, WORKER_MARKER) === undefined) {
    log({ edge: "workerd-error", status: head.status, method: req.method, url: req.url });
    sendError(res, serviceUnavailable(`the Worker did not answer (the runtime returned ${head.status})`));
    return false;
  }
  // The Worker answered before reading the whole body: the rest of the upload is not wanted,
  // so close the connection after this response instead of reading and discarding it.
  if (!req.complete) res.shouldKeepAlive = false;
  res.writeHead(head.status, head.statusMessage, downstreamHeaders(head.rawHeaders));
  return true;
}

/** The exchange with the Worker failed: 503 before the answer started, a cut connection after. */
export function fail(res: ServerResponse, err: unknown, log: Log): void {
  if (err instanceof ClientAborted || isAnswered(res)) return;
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? String(err);
  log({ edge: "upstream-error", code, method: res.req?.method, url: res.req?.url });
  if (res.headersSent) res.destroy();
  else sendError(res, serviceUnavailable(`the Worker is not reachable (${code})`));
}
