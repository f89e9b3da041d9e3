// The thin local edge (SPEC §1, §5): a Node HTTP front for `wrangler dev` that plays the part
// of the edge in front of a deployed Worker. It holds no storage logic: it answers
// `Expect: 100-continue` by asking the Worker (preflight.ts), turns malformed HTTP into clean
// 4xx answers (validate.ts, client-error.ts), and otherwise streams bytes through (proxy.ts,
// upgrade.ts).
import http from "node:http";
import https from "node:https";
import os from "node:os";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { mapClientError } from "./client-error.ts";
import type { EdgeContext, Log } from "./context.ts";
import { edgeError, isAnswered, sendError, writeRawError } from "./errors.ts";
import { identityHeaders, requestId, stamp } from "./identity.ts";
import { declaresMetadataBody, expectContinue } from "./preflight.ts";
import { proxy } from "./proxy.ts";
import { upgrade } from "./upgrade.ts";
import { createUpstream, WorkerAddress, type Address } from "./upstream.ts";
import { methodNotAllowed, validateRequest } from "./validate.ts";

export interface EdgeOptions {
  /** Where the Worker's workerd listens: fixed, or followed across reloads (the launcher's). */
  upstream: Address | WorkerAddress;
  connectTimeoutMs?: number;
  /** One JSON line per edge-level incident (the Worker logs the requests themselves). */
  log?: Log;
  /** Serve HTTPS with this key pair instead of plain HTTP. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** This server's stable id, sent as x-server-name (default: the host name). */
  serverName?: string;
  /** An upload idle this long gets 408 UploadTimeout (default 45 s, as muskie). */
  uploadIdleMs?: number;
  /** Request headers must be complete within this time (default 20 s): slowloris. */
  headersTimeoutMs?: number;
  /** Sent to the Worker with every request, so it can refuse anything that bypassed the edge. */
  edgeSecret?: string;
}

const defaultLog: Log = (event) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);

export function createEdgeServer(options: EdgeOptions): http.Server {
  const where = options.upstream instanceof WorkerAddress ? options.upstream : new WorkerAddress(options.upstream);
  const up = createUpstream(where, options.connectTimeoutMs);
  const edge: EdgeContext = {
    up,
    log: options.log ?? defaultLog,
    serverName: options.serverName ?? os.hostname(),
    uploadIdleMs: options.uploadIdleMs ?? 45_000,
    secret: options.edgeSecret,
  };
  const headersTimeout = options.headersTimeoutMs ?? 20_000;
  const serverOptions: http.ServerOptions = {
    requireHostHeader: false, // checked in validate.ts, to answer with a JSON body
    // No cap on a whole request: a 1 GiB upload may take as long as it takes, as long as it
    // keeps moving (body.ts gives up on an idle one).
    requestTimeout: 0,
    headersTimeout,
    // How often Node checks headersTimeout (default 30 s, which would let slow headers linger).
    connectionsCheckingInterval: Math.min(1000, headersTimeout),
    keepAliveTimeout: 30_000,
  };
  const server: http.Server = options.tls
    ? https.createServer({ ...serverOptions, key: options.tls.key, cert: options.tls.cert })
    : http.createServer(serverOptions);
  // Keep every header in req.headers (default: the first 1,000 pairs): maxHeaderSize bounds them.
  server.maxHeadersCount = 0;

  // The response in progress on each connection, so a parser error mid-body can answer it.
  const inflight = new WeakMap<Duplex, ServerResponse>();
  const track = (req: IncomingMessage, res: ServerResponse) => {
    stamp(res, edge.serverName, req);
    inflight.set(req.socket, res);
    res.once("close", () => {
      if (inflight.get(req.socket) === res) inflight.delete(req.socket);
    });
  };

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    track(req, res);
    const invalid = validateRequest(req);
    if (invalid) sendError(res, invalid);
    else if (declaresMetadataBody(req)) void expectContinue(edge, req, res, { sendContinue: false });
    else proxy(edge, req, res);
  });
  server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => {
    track(req, res);
    const invalid = validateRequest(req);
    if (invalid) sendError(res, invalid);
    else void expectContinue(edge, req, res);
  });
  server.on("checkExpectation", (req: IncomingMessage, res: ServerResponse) => {
    track(req, res);
    sendError(res, edgeError("ExpectationFailed", `expectation ${JSON.stringify(req.headers.expect)} is not supported`));
  });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => upgrade(edge, req, socket, head));
  server.on("connect", (req: IncomingMessage, socket: Duplex) => {
    socket.on("error", () => socket.destroy());
    writeRawError(socket, methodNotAllowed("CONNECT"), identityHeaders(edge.serverName, requestId(req)));
  });
  server.on("clientError", (err: Error, socket: Duplex) => {
    const mapped = mapClientError(err);
    const res = inflight.get(socket);
    if (!mapped) socket.destroy();
    else if (res && !res.headersSent && !isAnswered(res)) sendError(res, mapped);
    else if (res) socket.destroy();
    else writeRawError(socket, mapped, identityHeaders(edge.serverName, requestId(undefined)));
  });
  server.on("close", () => {
    up.agent.destroy();
    up.single.destroy();
    up.gets.destroy();
  });
  return server;
}
