// Connection upgrades (WebSocket, e.g. mlogin): the handshake goes to the Worker like any
// request; on 101 the two sockets are piped raw in both directions until either closes.
import type { IncomingMessage } from "node:http";
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import type { EdgeContext } from "./context.ts";
import { serviceUnavailable, writeRawError } from "./errors.ts";
import { downstreamHeaders, upstreamHeaders } from "./headers.ts";
import { identityHeaders, requestId } from "./identity.ts";
import { openUpstream } from "./upstream.ts";
import { validateRequest } from "./validate.ts";

function head(status: number, message: string | undefined, raw: string[]): string {
  let text = `HTTP/1.1 ${status} ${message || STATUS_CODES[status] || ""}\r\n`;
  for (let i = 0; i < raw.length; i += 2) text += `${raw[i]}: ${raw[i + 1]}\r\n`;
  return text + "\r\n";
}

function splice(a: Duplex, b: Duplex): void {
  const close = () => {
    a.destroy();
    b.destroy();
  };
  a.on("error", close).on("close", close);
  b.on("error", close).on("close", close);
  a.pipe(b);
  b.pipe(a);
}

export function upgrade(edge: EdgeContext, req: IncomingMessage, socket: Duplex, early: Buffer): void {
  const { up, log } = edge;
  const identity = identityHeaders(edge.serverName, requestId(req));
  socket.on("error", () => socket.destroy());
  const invalid = validateRequest(req);
  if (invalid) {
    writeRawError(socket, invalid, identity);
    return;
  }
  const target = { method: req.method ?? "GET", path: req.url ?? "/", headers: upstreamHeaders(req, "upgrade", edge.secret) };
  // mlogin's WebSocket client (watershed 0.3.4) sends no Sec-WebSocket-Version, and workerd refuses
  // such an upgrade ("400 The requested WebSocket version is not supported"): 13 is the only version.
  if (req.headers.upgrade?.toLowerCase() === "websocket" && req.headers["sec-websocket-version"] === undefined) {
    target.headers.push("sec-websocket-version", "13");
  }
  // A dedicated connection: an upgraded socket never goes back to the pool.
  const upstream = openUpstream(target, up.single);
  socket.once("close", () => upstream.destroy());

  upstream.once("upgrade", (answer, upSocket, upEarly) => {
    socket.write(head(answer.statusCode ?? 101, answer.statusMessage, answer.rawHeaders));
    if (upEarly.length) socket.write(upEarly);
    if (early.length) upSocket.write(early);
    splice(socket, upSocket);
  });
  // The Worker refused the upgrade (auth, not found…): relay that answer, then close.
  upstream.once("response", (answer) => {
    const headers = [...downstreamHeaders(answer.rawHeaders), "connection", "close"];
    socket.write(head(answer.statusCode ?? 502, answer.statusMessage, headers));
    answer.pipe(socket);
  });
  upstream.once("error", (err: NodeJS.ErrnoException) => {
    log({ edge: "upstream-error", code: err.code ?? String(err), method: req.method, url: req.url });
    writeRawError(socket, serviceUnavailable(`the Worker is not reachable (${err.code ?? err.message})`), identity);
  });
  upstream.end();
}
