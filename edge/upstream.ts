// The connection pool to the Worker (wrangler dev's workerd on loopback). Connects are
// timed out so a dead or wedged workerd becomes a prompt 503; transfers never are, so a
// 1 GiB upload at any speed is fine.
import http from "node:http";
import type { ClientRequest, IncomingMessage } from "node:http";

export interface Upstream {
  host: string;
  port: number;
  agent: http.Agent;
  connectTimeoutMs: number;
}

export function createUpstream(host: string, port: number, connectTimeoutMs = 5000): Upstream {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256 });
  return { host, port, agent, connectTimeoutMs };
}

export interface UpstreamRequest {
  method: string;
  path: string;
  headers: string[];
}

class ConnectTimeout extends Error {
  code = "ETIMEDOUT";
}

/** Starts a request; the caller writes (or pipes) the body and handles 'response'/'error'. */
export function openUpstream(up: Upstream, r: UpstreamRequest, agent: http.Agent | false = up.agent): ClientRequest {
  const req = http.request({
    host: up.host,
    port: up.port,
    method: r.method,
    path: r.path,
    headers: r.headers,
    agent,
    setHost: false,
  });
  req.maxHeadersCount = 0; // a response's headers are relayed from rawHeaders: keep them consistent
  req.on("socket", (socket) => {
    if (!socket.connecting) return;
    const timer = setTimeout(
      () => req.destroy(new ConnectTimeout(`no connection to the Worker within ${up.connectTimeoutMs} ms`)),
      up.connectTimeoutMs,
    );
    socket.once("connect", () => clearTimeout(timer));
    req.once("close", () => clearTimeout(timer));
  });
  return req;
}

/**
 * A request without a body, retried once when a pooled keep-alive socket turned out to be
 * closed by workerd (the classic idle-socket race); such a request has not reached the Worker.
 */
export function sendBodiless(up: Upstream, r: UpstreamRequest, onRequest?: (req: ClientRequest) => void): Promise<IncomingMessage> {
  const attempt = (retry: boolean): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const req = openUpstream(up, r);
      onRequest?.(req);
      req.once("response", resolve);
      req.once("error", (err: NodeJS.ErrnoException) => {
        if (retry && req.reusedSocket && err.code === "ECONNRESET") resolve(attempt(false));
        else reject(err);
      });
      req.end();
    });
  return attempt(true);
}
