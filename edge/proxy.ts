// Streams one exchange between client and Worker without buffering: the request body is
// piped (with backpressure) into the upstream request, the response body back out.
//
// Failure rules:
//  - the Worker unreachable / workerd failing before the Worker ran → 503 ServiceUnavailable;
//  - the client's body cut short → the upstream request is destroyed mid-body, so the Worker's
//    body stream errors and it commits nothing (the client gets 400 from client-error.ts);
//  - the client's body stalled (body.ts) → the same abort, and 408 UploadTimeout;
//  - the client gone → the upstream request is destroyed too.
// Body-less GETs and HEADs (downloads) go through get-relay.ts instead, with the same rules.
import type { ClientRequest, IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream";
import { pumpBody } from "./body.ts";
import type { EdgeContext, Log } from "./context.ts";
import { answerHead, ClientAborted, fail } from "./answer.ts";
import { sendError, uploadTimeout } from "./errors.ts";
import { relayGet } from "./get-relay.ts";
import { hasBody, upstreamHeaders } from "./headers.ts";
import { openUpstream, sendBodiless } from "./upstream.ts";

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
    if (req.method === "GET" || req.method === "HEAD") {
      relayGet(edge, req, res, target); // big answers: see get-relay.ts
      return;
    }
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

/** Sends the Worker's answer (from node:http) to the client, streaming its body. */
export function relay(answer: IncomingMessage, req: IncomingMessage, res: ServerResponse, log: Log): void {
  const head = { status: answer.statusCode ?? 502, statusMessage: answer.statusMessage, rawHeaders: answer.rawHeaders };
  if (!answerHead(head, req, res, log)) {
    answer.resume();
    return;
  }
  pipeline(answer, res, (err) => {
    if (err) res.destroy();
  });
}
