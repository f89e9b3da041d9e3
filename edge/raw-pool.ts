// The GET relay's own connections to the Worker (get-relay.ts). Each socket reads into buffers
// the relay picks (net's `onread`): 64 KiB while a head or a short body is due, 1 MiB while a
// big body streams, so a 1 GiB answer arrives in ~1,500 reads rather than node:http's ~16,000,
// and each read is written on to the client as it is. A 1 MiB buffer is read into again only
// once the client's socket has taken all of its bytes (recycle()).
//
// Pooling keeps upstream.ts's rules: an idle connection is closed after 4 s, before workerd's
// own 5 s keep-alive close; one that ends or fails while idle is dropped; a byte arriving on an
// idle connection is a protocol error, and closes it.
import type net from "node:net";
import type { WorkerAddress } from "./upstream.ts";
import { UpstreamProtocolError } from "./response-head.ts";
import { connectToWorker } from "./worker-socket.ts";

export const SMALL_READ = 64 * 1024;
export const BIG_READ = 1024 * 1024;
/** 1 MiB buffers kept for reuse: enough for a few big GETs at once; more are garbage. */
const SPARE_BIG = 8;
const IDLE_MS = 4000;
const MAX_IDLE = 256;

const spare: Buffer[] = [];

/** Hands back a read buffer whose bytes have all been written: it may be read into again. */
export function recycle(buffer: Buffer): void {
  if (buffer.length === BIG_READ && spare.length < SPARE_BIG) spare.push(buffer);
}

/** What an exchange does with its connection's input. */
export interface Reader {
  /** `bytes` were read (a view of `buffer`, recycle() it when written); false stops reading until resume(). */
  data(bytes: Buffer, buffer: Buffer): boolean;
  /** No more input: the Worker closed its side (no error), or the connection failed. */
  end(err?: Error): void;
}

export class WorkerConnection {
  /** The exchange the connection carries; null while idle. */
  reader: Reader | null = null;
  /** Read into 1 MiB buffers (a big body is streaming) rather than 64 KiB ones. */
  bigReads = false;
  closed = false;
  idleTimer: NodeJS.Timeout | undefined;
  socket: net.Socket | undefined;
  onClose: (() => void) | undefined;

  nextBuffer(): Buffer {
    return this.bigReads ? (spare.pop() ?? Buffer.allocUnsafeSlow(BIG_READ)) : Buffer.allocUnsafe(SMALL_READ);
  }

  onRead(n: number, buffer: Buffer): boolean {
    if (!this.reader) {
      this.ended(new UpstreamProtocolError("the Worker sent bytes on an idle connection"));
      return false;
    }
    return this.reader.data(buffer.subarray(0, n), buffer);
  }

  attach(socket: net.Socket): void {
    this.socket = socket;
    socket.on("end", () => this.ended());
    socket.on("error", (err) => this.ended(err));
    socket.on("close", () => this.ended(new Error("the connection to the Worker closed")));
    // With `onread` no data is pushed through the stream, but it must flow for 'end' to fire.
    socket.resume();
  }

  write(text: string): void {
    this.socket!.write(text, "latin1");
  }

  resume(): void {
    if (!this.closed) this.socket!.resume();
  }

  /** Closes it without telling its reader (the reader is the one closing it). */
  destroy(): void {
    this.reader = null;
    this.ended();
  }

  ended(err?: Error): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.idleTimer);
    const reader = this.reader;
    this.reader = null;
    this.socket?.destroy();
    this.onClose?.();
    reader?.end(err);
  }
}

export class RawPool {
  #idle: WorkerConnection[] = [];
  #destroyed = false;

  constructor(
    private readonly where: WorkerAddress,
    private readonly connectTimeoutMs: number,
  ) {}

  /** The most recently used idle connection, or a new one; `reused` tells which. */
  async acquire(): Promise<{ conn: WorkerConnection; reused: boolean }> {
    for (let conn = this.#idle.pop(); conn; conn = this.#idle.pop()) {
      clearTimeout(conn.idleTimer);
      if (!conn.closed) return { conn, reused: true };
    }
    const conn = new WorkerConnection();
    const socket = await connectToWorker(this.where, this.connectTimeoutMs, {
      buffer: () => conn.nextBuffer(),
      callback: (n, buffer) => conn.onRead(n, buffer as Buffer),
    });
    conn.attach(socket);
    if (this.#destroyed) conn.destroy();
    return { conn, reused: false };
  }

  /** Takes back a connection whose exchange is complete, for the next one. */
  release(conn: WorkerConnection): void {
    conn.reader = null;
    conn.bigReads = false;
    if (conn.closed) return;
    if (this.#destroyed || this.#idle.length >= MAX_IDLE) {
      conn.destroy();
      return;
    }
    this.#idle.push(conn);
    conn.onClose = () => {
      const i = this.#idle.indexOf(conn);
      if (i >= 0) this.#idle.splice(i, 1);
    };
    conn.idleTimer = setTimeout(() => conn.destroy(), IDLE_MS);
    conn.idleTimer.unref();
  }

  destroy(): void {
    this.#destroyed = true;
    for (const conn of this.#idle.splice(0)) conn.destroy();
  }
}
