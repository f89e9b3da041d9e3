// The connections to the Worker: straight to its workerd socket on loopback (under `npm start`
// the launcher reports where that is, and again after each of wrangler's reloads).
//
// Why not through `wrangler dev`'s own port: that is a proxy Worker in a second workerd, whose
// pooled connections to the Worker raced workerd's 5 s keep-alive close; a request caught in
// the race failed in a millisecond and came back as 503 "worker restarted mid-request", never
// having reached the Worker (workers-sdk #14641). Here the pool is Node's and its rules are ours:
//  - an upload (or an upgrade) gets a connection of its own, closed after it: never reused;
//  - a pooled connection is retired after 4 s idle, before workerd closes it at 5 s;
//  - a body-less request whose reused connection was closed under it is sent once more
//    (it cannot have reached the Worker; see sendBodiless).
// GETs and HEADs have a pool of raw connections of their own, under the same rules (raw-pool.ts).
// Connects are timed out, so a dead or wedged workerd becomes a prompt 503; transfers never
// are, so a 1 GiB upload at any speed is fine. While wrangler reloads the Worker, new
// connections wait for it.
import http from "node:http";
import type { ClientRequest, IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { RawPool } from "./raw-pool.ts";
import { connectToWorker } from "./worker-socket.ts";

export interface Address {
  host: string;
  port: number;
}

/** Where the Worker listens now: fixed, or moved by the launcher across reloads. */
export class WorkerAddress {
  #current: Address | null;
  #generation = 0; // bumped by every reloading() and set()
  #waiters = new Set<() => void>();
  /** False for a fixed address: nothing will ever move it, so nothing waits for it. */
  readonly movable: boolean;

  constructor(initial: Address | null, movable = initial === null) {
    this.#current = initial;
    this.movable = movable;
  }

  /** wrangler is reloading the Worker: new connections wait for the next set(). */
  reloading(): void {
    this.#current = null;
    this.#bump();
  }

  set(address: Address): void {
    this.#current = address;
    this.#bump();
  }

  #bump(): void {
    this.#generation++;
    for (const wake of [...this.#waiters]) wake();
  }

  /** Resolves true once `done()` holds, false after `timeoutMs` (or at once if nothing can change). */
  async #until(done: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0 || !this.movable) return false;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.#waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.#waiters.add(wake);
      });
    }
    return true;
  }

  /** The current address (and its generation), waiting up to `timeoutMs` while the Worker reloads. */
  async get(timeoutMs: number, newerThan = -1): Promise<{ address: Address; generation: number }> {
    if (!(await this.#until(() => this.#current !== null && this.#generation > newerThan, timeoutMs))) {
      throw Object.assign(new Error("the Worker is not running (reloading?)"), { code: "ENOTREADY" });
    }
    return { address: this.#current!, generation: this.#generation };
  }

  /** Whether the address moves on from `generation` (a reload starts or ends) within `timeoutMs`. */
  changes(generation: number, timeoutMs: number): Promise<boolean> {
    return this.#until(() => this.#generation > generation, timeoutMs);
  }
}

/** An http.Agent whose connections go wherever the Worker is now. */
class WorkerAgent extends http.Agent {
  constructor(
    private readonly where: WorkerAddress,
    private readonly connectTimeoutMs: number,
    options: http.AgentOptions,
  ) {
    super(options);
  }

  // Node's Agent accepts a callback-style createConnection that answers later (returns nothing).
  createConnection(_options: unknown, callback: (err: Error | null, socket?: Duplex) => void): undefined {
    connectToWorker(this.where, this.connectTimeoutMs).then(
      (socket) => callback(null, socket),
      (err: Error) => callback(err),
    );
    return undefined;
  }
}

export interface Upstream {
  /** Keep-alive pool for body-less requests and preflights. */
  agent: http.Agent;
  /** One connection per request, closed after it: uploads and upgrades. */
  single: http.Agent;
  /** Raw keep-alive connections for GET and HEAD (get-relay.ts). */
  gets: RawPool;
}

export function createUpstream(where: WorkerAddress, connectTimeoutMs = 5000): Upstream {
  return {
    // workerd closes a connection idle for 5 s; the pool lets go of it first.
    agent: new WorkerAgent(where, connectTimeoutMs, { keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256, timeout: 4000 }),
    single: new WorkerAgent(where, connectTimeoutMs, { keepAlive: false, maxSockets: Infinity }),
    gets: new RawPool(where, connectTimeoutMs),
  };
}

export interface UpstreamRequest {
  method: string;
  path: string;
  headers: string[];
}

/** Starts a request; the caller writes (or pipes) the body and handles 'response'/'error'. */
export function openUpstream(r: UpstreamRequest, agent: http.Agent): ClientRequest {
  const req = http.request({
    // Only names the pool: WorkerAgent connects to wherever the Worker is.
    host: "worker.mobula.internal",
    port: 80,
    method: r.method,
    path: r.path,
    headers: r.headers,
    agent,
    setHost: false,
  });
  req.maxHeadersCount = 0; // a response's headers are relayed from rawHeaders: keep them consistent
  return req;
}

/**
 * A request without a body, sent once more when a pooled keep-alive connection turned out to
 * be closed by workerd (the idle-socket race): the request was written into a connection that
 * was already going away, so it has not reached the Worker.
 */
export function sendBodiless(up: Upstream, r: UpstreamRequest, onRequest?: (req: ClientRequest) => void): Promise<IncomingMessage> {
  const attempt = (retry: boolean): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const req = openUpstream(r, up.agent);
      onRequest?.(req);
      req.once("response", resolve);
      req.once("error", (err: NodeJS.ErrnoException) => {
        if (retry && req.reusedSocket && (err.code === "ECONNRESET" || err.code === "EPIPE")) resolve(attempt(false));
        else reject(err);
      });
      req.end();
    });
  return attempt(true);
}
