// Reading the Worker's answer off a raw socket (get-relay.ts): its head, how its body is
// framed, and chunked bodies. The other end is workerd on loopback, so this is no general HTTP
// client; but whatever it cannot read exactly is an error (a 503, or a cut connection once the
// answer has started), never a guess.

export interface ResponseHead {
  status: number;
  /** undefined when the Worker sent none: Node then writes the standard one. */
  statusMessage: string | undefined;
  rawHeaders: string[];
  /** Where the body ends: nowhere (no body), after `length` bytes, at the last chunk, or at EOF. */
  framing: { kind: "none" } | { kind: "length"; length: number } | { kind: "chunked" } | { kind: "eof" };
  /** Whether the connection may carry another exchange after this one. */
  keepAlive: boolean;
}

/** Larger than any head the Worker sends (Node's own client stops at 16 KiB). */
export const MAX_HEAD_BYTES = 256 * 1024;
const MAX_CHUNK_LINE = 4096;

export class UpstreamProtocolError extends Error {
  readonly code = "EUPSTREAMPROTO";
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function values(raw: string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) out.push(raw[i + 1]!);
  return out;
}

function tokens(raw: string[], name: string): string[] {
  return values(raw, name).flatMap((v) => v.split(",").map((t) => t.trim().toLowerCase())).filter(Boolean);
}

/**
 * Parses the head at the start of `data` (an answer to `method`): null while it is incomplete,
 * else the head and its size in bytes. 1xx answers come back like any other; the caller skips them.
 */
export function parseHead(data: Buffer, method: string): { head: ResponseHead; size: number } | null {
  const end = data.indexOf("\r\n\r\n");
  if (end < 0) {
    if (data.length > MAX_HEAD_BYTES) throw new UpstreamProtocolError("the Worker's response head is too large");
    return null;
  }
  const lines = data.toString("latin1", 0, end).split("\r\n");
  const start = /^HTTP\/1\.([01]) (\d{3})(?: ([^\r\n]*))?$/.exec(lines[0]!);
  if (!start) throw new UpstreamProtocolError(`not an HTTP/1.x status line: ${JSON.stringify(lines[0]!.slice(0, 100))}`);
  const rawHeaders: string[] = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon);
    if (colon <= 0 || !TOKEN.test(name)) throw new UpstreamProtocolError(`bad header line: ${JSON.stringify(line.slice(0, 100))}`);
    rawHeaders.push(name, line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, ""));
  }
  const status = Number(start[2]);
  const http11 = start[1] === "1";
  let keepAlive = http11 && !tokens(rawHeaders, "connection").includes("close");
  const framing = frame(status, method, rawHeaders);
  if (framing.kind === "eof") keepAlive = false;
  // Both framings at once: chunked wins (RFC 9112 §6.3), and the connection is not reused.
  if (framing.kind === "chunked" && values(rawHeaders, "content-length").length > 0) keepAlive = false;
  return { head: { status, statusMessage: start[3] || undefined, rawHeaders, framing, keepAlive }, size: end + 4 };
}

function frame(status: number, method: string, raw: string[]): ResponseHead["framing"] {
  if (status === 101) throw new UpstreamProtocolError("the Worker switched protocols on a request that asked for no upgrade");
  if (method === "HEAD" || status < 200 || status === 204 || status === 304) return { kind: "none" };
  const codings = tokens(raw, "transfer-encoding");
  if (codings.length > 0) return codings[codings.length - 1] === "chunked" ? { kind: "chunked" } : { kind: "eof" };
  const lengths = values(raw, "content-length").flatMap((v) => v.split(",").map((s) => s.trim()));
  if (lengths.length === 0) return { kind: "eof" };
  if (!lengths.every((l) => /^\d{1,15}$/.test(l) && l === lengths[0])) {
    throw new UpstreamProtocolError(`bad content-length: ${JSON.stringify(lengths.join(", "))}`);
  }
  const length = Number(lengths[0]);
  return length === 0 ? { kind: "none" } : { kind: "length", length };
}

/** Decodes a chunked body as it arrives, handing out its data as views of the input (no copies). */
export class ChunkedBody {
  #state: "size" | "data" | "data-end" | "trailer" | "done" = "size";
  #line = ""; // a size or trailer line split across reads
  #left = 0; // data bytes left in the current chunk
  #crlf = 0; // bytes of the CRLF after a chunk's data already seen

  get done(): boolean {
    return this.#state === "done";
  }

  /** Feeds `data`, calling `emit` with each piece of body; returns where the body ended in `data`, or -1. */
  feed(data: Buffer, emit: (piece: Buffer) => void): number {
    let i = 0;
    while (i < data.length) {
      if (this.#state === "data") {
        const n = Math.min(this.#left, data.length - i);
        emit(data.subarray(i, i + n));
        i += n;
        this.#left -= n;
        if (this.#left === 0) this.#state = "data-end";
      } else if (this.#state === "data-end") {
        if (data[i] !== (this.#crlf === 0 ? 13 : 10)) throw new UpstreamProtocolError("chunk data not followed by CRLF");
        i++;
        if (++this.#crlf === 2) {
          this.#crlf = 0;
          this.#state = "size";
        }
      } else if (this.#state === "done") {
        return i;
      } else {
        const nl = data.indexOf(10, i);
        const stop = nl < 0 ? data.length : nl + 1;
        this.#line += data.toString("latin1", i, stop);
        i = stop;
        if (this.#line.length > MAX_CHUNK_LINE) throw new UpstreamProtocolError("chunk line too long");
        if (nl < 0) continue;
        if (!this.#line.endsWith("\r\n")) throw new UpstreamProtocolError("chunk line not ended by CRLF");
        const line = this.#line.slice(0, -2);
        this.#line = "";
        if (this.#state === "trailer") {
          // Trailer fields are dropped, as node:http's relay dropped them; an empty line ends the body.
          if (line === "") {
            this.#state = "done";
            return i;
          }
          continue;
        }
        const size = /^([0-9a-fA-F]{1,12})[ \t]*(;.*)?$/.exec(line);
        if (!size) throw new UpstreamProtocolError(`bad chunk size line: ${JSON.stringify(line.slice(0, 100))}`);
        this.#left = parseInt(size[1]!, 16);
        this.#state = this.#left === 0 ? "trailer" : "data";
      }
    }
    return this.#state === "done" ? i : -1;
  }
}
