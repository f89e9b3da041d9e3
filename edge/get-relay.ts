// GET and HEAD, relayed without node:http's per-chunk work on the Worker's side (issue #11:
// relaying a 1 GiB GET through node:http cost the edge 4.6–5.3 s of CPU, workerd 0.6 s; see
// docs/design/storage.md). The request head is written by hand on a raw connection
// (raw-pool.ts); the answer's head is read and checked (response-head.ts) and answered through
// the client's ServerResponse exactly as proxy.ts's relay does; its body then goes on to the
// client one socket read (up to 1 MiB) at a time, views of the read buffers, never re-copied.
//
// The guarantees are proxy.ts's:
//  - nothing usable from the Worker before a head → 503 ServiceUnavailable (a reused connection
//    closed under the request first gets the request once more, as sendBodiless does);
//  - the Worker failing or cutting the body mid-answer → the client's connection is closed, so
//    a short body never looks complete;
//  - the client gone → the Worker's connection is closed (never pooled half-read);
//  - HEAD, 204, 304 and zero-length answers carry no body; a connection goes back to the pool
//    only after an answer read to its exact end, and only if the Worker keeps it alive.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EdgeContext, Log } from "./context.ts";
import { answerHead, fail } from "./answer.ts";
import { BIG_READ, recycle, type RawPool, type Reader, type WorkerConnection } from "./raw-pool.ts";
import { ChunkedBody, parseHead, UpstreamProtocolError, type ResponseHead } from "./response-head.ts";
import type { UpstreamRequest } from "./upstream.ts";

function requestHead(r: UpstreamRequest): string {
  let head = `${r.method} ${r.path} HTTP/1.1\r\n`;
  for (let i = 0; i < r.headers.length; i += 2) head += `${r.headers[i]}: ${r.headers[i + 1]}\r\n`;
  return `${head}connection: keep-alive\r\n\r\n`;
}

function closedEarly(what: string): Error {
  return Object.assign(new Error(`the Worker closed the connection ${what}`), { code: "ECONNRESET" });
}

class GetExchange implements Reader {
  #conn: WorkerConnection | undefined;
  #reused = false;
  #retries = 1;
  #received = 0;
  #pending: Buffer | undefined; // an incomplete head
  #head: ResponseHead | undefined;
  #left = 0; // body bytes still due (content-length framing)
  #chunked: ChunkedBody | undefined;
  #done = false;

  constructor(
    private readonly pool: RawPool,
    private readonly target: UpstreamRequest,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly log: Log,
  ) {}

  async send(): Promise<void> {
    let got: Awaited<ReturnType<RawPool["acquire"]>>;
    try {
      got = await this.pool.acquire();
    } catch (err) {
      this.#done = true;
      fail(this.res, err, this.log);
      return;
    }
    if (this.#done) {
      this.pool.release(got.conn); // the client left while it connected; nothing was sent
      return;
    }
    this.#conn = got.conn;
    this.#reused = got.reused;
    this.#received = 0;
    got.conn.reader = this;
    got.conn.write(requestHead(this.target));
  }

  /** The client went away: drop the Worker's connection, whatever it was doing. */
  abort(): void {
    if (this.#done) return;
    this.#done = true;
    this.#conn?.destroy();
  }

  data(bytes: Buffer, buffer: Buffer): boolean {
    this.#received += bytes.length;
    try {
      if (!this.#head) {
        const rest = this.#readHead(bytes);
        if (!rest) {
          recycle(buffer);
          return !this.#conn!.closed;
        }
        bytes = rest;
      }
      return this.#body(bytes, buffer);
    } catch (err) {
      this.#broken(err as Error);
      return false;
    }
  }

  end(err?: Error): void {
    if (this.#done) return;
    if (!this.#head && this.#received === 0 && this.#reused && this.#retries > 0 && (!err || isReset(err))) {
      // A pooled connection that workerd closed as the request went out: it never got there.
      this.#retries--;
      void this.send();
      return;
    }
    if (this.#head?.framing.kind === "eof" && !err) {
      this.#finish(false);
      return;
    }
    this.#broken(err ?? closedEarly(this.#head ? "in the middle of an answer" : "without answering"));
  }

  /** Parses the head once it is all in; returns the bytes after it, or null (more needed, or no body wanted). */
  #readHead(bytes: Buffer): Buffer | null {
    let all = this.#pending ? Buffer.concat([this.#pending, bytes]) : bytes;
    this.#pending = undefined;
    for (;;) {
      const parsed = parseHead(all, this.target.method);
      if (!parsed) {
        this.#pending = Buffer.from(all); // a copy: the read buffer is reused
        return null;
      }
      all = all.subarray(parsed.size);
      if (parsed.head.status >= 200) {
        this.#head = parsed.head;
        break;
      }
      // An interim 1xx answer: the final one follows.
    }
    const conn = this.#conn!;
    if (!answerHead(this.#head, this.req, this.res, this.log)) {
      // Answered otherwise (a runtime 5xx became 503): the Worker's body is not wanted.
      this.#done = true;
      conn.destroy();
      return null;
    }
    const { framing } = this.#head;
    if (framing.kind === "length") this.#left = framing.length;
    if (framing.kind === "chunked") this.#chunked = new ChunkedBody();
    conn.bigReads = framing.kind !== "none" && (framing.kind !== "length" || framing.length > BIG_READ / 4);
    return all;
  }

  /** Relays body bytes; returns whether to go on reading. */
  #body(bytes: Buffer, buffer: Buffer): boolean {
    const framing = this.#head!.framing;
    const pieces: Buffer[] = [];
    let end = -1; // where the answer ended in `bytes`
    if (framing.kind === "length") {
      const n = Math.min(this.#left, bytes.length);
      if (n > 0) pieces.push(bytes.subarray(0, n));
      this.#left -= n;
      if (this.#left === 0) end = n;
    } else if (framing.kind === "chunked") {
      end = this.#chunked!.feed(bytes, (piece) => pieces.push(piece));
    } else if (framing.kind === "eof") {
      pieces.push(bytes);
    } else {
      end = 0;
    }
    let flowing = true;
    for (let i = 0; i < pieces.length; i++) {
      const last = i === pieces.length - 1;
      flowing = this.res.write(pieces[i], last ? () => recycle(buffer) : undefined) && flowing;
    }
    if (pieces.length === 0) recycle(buffer);
    if (end >= 0) {
      // Bytes after the answer's end, unasked for: the connection cannot be trusted again.
      this.#finish(end === bytes.length);
      return !this.#conn!.closed; // pooled: reading on notices workerd closing it
    }
    if (!flowing) {
      this.res.once("drain", () => {
        if (!this.#done) this.#conn?.resume();
      });
      return false;
    }
    return true;
  }

  #finish(reusable: boolean): void {
    this.#done = true;
    const conn = this.#conn!;
    if (reusable && this.#head!.keepAlive) this.pool.release(conn);
    else conn.destroy();
    this.res.end();
  }

  #broken(err: Error): void {
    if (this.#done) return;
    this.#done = true;
    this.#conn?.destroy();
    if (err instanceof UpstreamProtocolError) this.log({ edge: "upstream-protocol-error", message: err.message, method: this.req.method, url: this.req.url });
    // Before the head: a 503; after it: the client's connection is cut (fail() does both).
    fail(this.res, err, this.log);
  }
}

function isReset(err: Error): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === "ECONNRESET" || code === "EPIPE";
}

/** Sends a body-less GET or HEAD to the Worker and streams its answer to `res`. */
export function relayGet(edge: EdgeContext, req: IncomingMessage, res: ServerResponse, target: UpstreamRequest): void {
  const exchange = new GetExchange(edge.up.gets, target, req, res, edge.log);
  res.once("close", () => {
    if (!res.writableFinished) exchange.abort();
  });
  void exchange.send();
}
