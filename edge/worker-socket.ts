// One TCP connection to the Worker's workerd, wherever it is now: a connect is timed out (a dead
// or wedged workerd becomes a prompt 503), waits while wrangler reloads the Worker, and follows
// it to its new port. Shared by node:http's pools (upstream.ts) and the GET relay's (raw-pool.ts).
import net from "node:net";
import type { Address, WorkerAddress } from "./upstream.ts";

function connect(address: Address, timeoutMs: number, onread?: net.OnReadOpts): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: address.host.replace(/^\[|\]$/g, ""), port: address.port, ...(onread ? { onread } : {}) });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error(`no connection to the Worker within ${timeoutMs} ms`), { code: "ETIMEDOUT" }));
    }, timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** How long a new connection waits for a reloading Worker (bundling and restarting workerd). */
const RELOAD_WAIT_MS = 60_000;
/** How long a refused connection waits to hear that the Worker is reloading (else it is down). */
const RELOAD_NOTICE_MS = 2000;

/** `onread` (net.connect's) makes the socket read into buffers of the caller's choosing. */
export async function connectToWorker(where: WorkerAddress, connectTimeoutMs: number, onread?: net.OnReadOpts): Promise<net.Socket> {
  const first = await where.get(RELOAD_WAIT_MS);
  try {
    return await connect(first.address, connectTimeoutMs, onread);
  } catch (err) {
    // Refused: the Worker may be reloading, to a new port; if so, try its next address once.
    if ((err as NodeJS.ErrnoException).code !== "ECONNREFUSED") throw err;
    if (!(await where.changes(first.generation, RELOAD_NOTICE_MS))) throw err;
    const next = await where.get(RELOAD_WAIT_MS, first.generation).catch(() => {
      throw err;
    });
    return await connect(next.address, connectTimeoutMs, onread);
  }
}
