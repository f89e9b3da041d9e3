// `Expect: 100-continue` (manta.md §1): workerd never sends 100, and the Manta CLI sends no
// body byte before it. So the edge asks the Worker first, with the same method, target and
// headers but no body (x-mobula-preflight: 1). The Worker answers 204 +
// `x-mobula-preflight: continue` when the upload will be accepted; then the edge sends 100
// and proxies the real request. Any other answer is relayed as the final response *instead
// of* 100, and the connection is closed without reading the body (`mput -p` relies on that).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EdgeContext } from "./context.ts";
import { PREFLIGHT_HEADER, upstreamHeaders } from "./headers.ts";
import { fail } from "./answer.ts";
import { proxy, relay } from "./proxy.ts";
import { sendBodiless } from "./upstream.ts";

/**
 * A metadata update (`PUT ?metadata=true`) carries no body; one that declares one is refused by
 * the Worker, but workerd answers only after the body it waits for — which such a client may
 * never send. So the edge asks first for these too, without the 100.
 */
export function declaresMetadataBody(req: IncomingMessage): boolean {
  if (req.method !== "PUT" || !/[?&]metadata=true(&|$)/.test(req.url ?? "")) return false;
  const length = req.headers["content-length"];
  return (length !== undefined && length !== "0") || req.headers["transfer-encoding"] !== undefined;
}

export async function expectContinue(edge: EdgeContext, req: IncomingMessage, res: ServerResponse, opts: { sendContinue: boolean } = { sendContinue: true }): Promise<void> {
  const { up, log } = edge;
  req.on("error", () => {});
  const target = { method: req.method ?? "PUT", path: req.url ?? "/", headers: upstreamHeaders(req, "preflight", edge.secret) };
  let answer: IncomingMessage;
  try {
    answer = await sendBodiless(up, target);
  } catch (err) {
    res.shouldKeepAlive = false;
    fail(res, err, log);
    return;
  }
  if (answer.statusCode === 204 && answer.headers[PREFLIGHT_HEADER] === "continue") {
    answer.resume();
    if (res.destroyed) return; // the client left while the Worker was deciding
    if (opts.sendContinue) res.writeContinue();
    proxy(edge, req, res);
    return;
  }
  res.shouldKeepAlive = false;
  relay(answer, req, res, log);
}
