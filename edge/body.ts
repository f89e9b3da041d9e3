// Streams a client's request body into the Worker's request, with backpressure, and notices a
// client that stops sending: `idleMs` without a byte while the edge is ready to read (Manta's
// UploadTimeout, 45 s in muskie). Time spent waiting for the Worker to read (backpressure)
// never counts, so a slow Worker does not time out a fast client.
import type { ClientRequest, IncomingMessage } from "node:http";

export function pumpBody(req: IncomingMessage, upstream: ClientRequest, idleMs: number, onIdle: () => void): void {
  let timer: NodeJS.Timeout | undefined;
  const disarm = () => clearTimeout(timer);
  const arm = () => {
    disarm();
    timer = setTimeout(onIdle, idleMs);
  };
  req.on("data", (chunk: Buffer) => {
    if (upstream.destroyed) return;
    if (upstream.write(chunk)) {
      arm();
      return;
    }
    disarm();
    req.pause();
    upstream.once("drain", () => {
      arm();
      req.resume();
    });
  });
  req.once("end", () => {
    disarm();
    upstream.end();
  });
  req.once("close", disarm);
  upstream.once("close", disarm);
  arm();
}
