// Port helpers. Picking a free port by binding port 0 races with other processes in theory;
// on loopback, between this call and wrangler's bind, that window is milliseconds.
import net from "node:net";

export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

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
