// Streams one exchange between client and Worker without buffering: the request body is
// piped (with backpressure) into the upstream request, the response body back out.
//
// Failure rules:
//  - the Worker unreachable / workerd failing before the Worker ran → 503 ServiceUnavailable;
//  - the client's body cut short → the upstream request is destroyed mid-body, so the Worker's
//    body stream errors and it commits nothing (the client gets 400 from client-error.ts);
//  - the client's body stalled (body.ts) → the same abort, and 408 UploadTimeout;
//  - the client gone → the upstream request is destroyed too.
import type { ClientRequest, IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream";
import { pumpBody } from "./body.ts";
import type { EdgeContext, Log } from "./context.ts";
import { isAnswered, sendError, serviceUnavailable, uploadTimeout } from "./errors.ts";
import { downstreamHeaders, hasBody, headerValue, upstreamHeaders } from "./headers.ts";
import { openUpstream, sendBodiless } from "./upstream.ts";

/** Marks errors the edge raised itself because the client went away or cut its body. */
class ClientAborted extends Error {}

/**
 * Every Worker response carries x-request-id (SPEC §7); a 5xx without it was produced by
 * workerd or wrangler before the Worker ran (crash page, runtime error), not by Mobula.
 */
export const WORKER_MARKER = "x-request-id";

export function proxy(edge: EdgeContext, req: IncomingMessage, res: ServerResponse): void {
  const { up, log } = edge;
  req.on("error", () => {}); // 'aborted' is handled through 'close' below
  const target = { method: req.method ?? "GET", path: req.url ?? "/", headers: upstreamHeaders(req, "proxy", edge.secret) };
  let current: ClientRequest | undefined;
  res.once("close", () => {
    if (!res.writableFinished) current?.destroy(new ClientAborted("the client closed the connection"));
  });

  if (!hasBody(req)) {
    req.resume();
    sendBodiless(up, target, (q) => (current = q)).then(
      (answer) => relay(answer, req, res, log),
      (err: unknown) => fail(res, err, log),
    );
    return;
  }

  // An upload gets connections of its own, closed after it: a GET sent on the client's
  // keep-alive connection right after a 1 GiB upload was seen to stall for minutes.
  res.shouldKeepAlive = false;
  const upstream = openUpstream(target, up.single);
  current = upstream;
  upstream.once("response", (answer) => relay(answer, req, res, log));
  upstream.once("error", (err) => fail(res, err, log));
  req.once("close", () => {
    if (!req.complete) upstream.destroy(new ClientAborted("the request body ended before it was complete"));
  });
  pumpBody(req, upstream, edge.uploadIdleMs, () => {
    upstream.destroy(new ClientAborted("the request body stopped arriving"));
    log({ edge: "upload-timeout", method: req.method, url: req.url, idleMs: edge.uploadIdleMs });
    if (res.headersSent) res.destroy();
    else sendError(res, uploadTimeout(edge.uploadIdleMs));
  });
}

/** Sends the Worker's answer to the client, streaming its body. */
export function relay(answer: IncomingMessage, req: IncomingMessage, res: ServerResponse, log: Log): void {
  if (isAnswered(res)) {
    answer.resume();
    return;
  }
  const status = answer.statusCode ?? 502;
  if (status >= 500 && headerValue(answer.rawHeaders, WORKER_MARKER) === undefined) {
    answer.resume();
    log({ edge: "workerd-error", status, method: req.method, url: req.url });
    sendError(res, serviceUnavailable(`the Worker did not answer (the runtime returned ${status})`));
    return;
  }
  // The Worker answered before reading the whole body: the rest of the upload is not wanted,
  // so close the connection after this response instead of reading and discarding it.
  if (!req.complete) res.shouldKeepAlive = false;
  res.writeHead(status, answer.statusMessage, downstreamHeaders(answer.rawHeaders));
  pipeline(answer, res, (err) => {
    if (err) res.destroy();
  });
}

export function fail(res: ServerResponse, err: unknown, log: Log): void {
  if (err instanceof ClientAborted || isAnswered(res)) return;
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? String(err);
  log({ edge: "upstream-error", code, method: res.req?.method, url: res.req?.url });
  if (res.headersSent) res.destroy();
  else sendError(res, serviceUnavailable(`the Worker is not reachable (${code})`));
}
