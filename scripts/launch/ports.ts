// The public port must be free before the Worker's runtime starts (a clear message beats a
// failure after a minute of bundling).
import net from "node:net";

/** Rejects with a clear message when the public port is taken, before wrangler starts. */
export function assertPortFree(port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRNOTAVAIL" || err.code === "EAFNOSUPPORT") resolve(); // e.g. no IPv6 loopback
      else reject(new Error(err.code === "EADDRINUSE" ? `port ${port} on ${host} is already in use (set PORT to another one)` : `cannot listen on ${host}:${port}: ${err.message}`));
    });
    server.listen(port, host, () => server.close(() => resolve()));
  });
}
