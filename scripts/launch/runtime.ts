// The Worker's runtime, run by the launcher as a child process (wrangler.ts forks it): the
// dev server behind `wrangler dev` (bundler, miniflare, workerd), started through wrangler's
// API rather than its command line, because on the 4.86 command line
//  - a `--var OPERATOR_TOKEN:…` shows the token to every local user (`ps`), and
//  - neither the V8 inspector nor the dev registry (whose workerd `--debug-port` reaches every
//    binding and Durable Object) can be turned off; both listen on loopback, open to any
//    local user.
// Here the secrets arrive over the IPC channel, the inspector is off unless asked for, and
// there is no dev registry.
//
// It reports the Worker's own workerd address, not that of wrangler's proxy in front of it
// (the edge connects there directly: see edge/upstream.ts), and again after every reload
// (wrangler rebuilds and restarts the Worker when a source file changes, on a new port).
//
// Protocol:  launcher → runtime   { type: "start", options: RuntimeOptions }
//            runtime → launcher   { type: "ready", url }   the Worker answers at url
//                                 { type: "reloading" }    until the next "ready"
//                                 { type: "failed", message }
// The runtime stops its Worker and exits on SIGINT/SIGTERM, or when the launcher goes away.
import { unstable_DevEnv } from "wrangler";

export interface RuntimeOptions {
  config: string; // the wrangler config file
  persistTo: string;
  /** The V8 inspector on 127.0.0.1:<port>, for debugging; off when absent. */
  inspectorPort?: number;
  /** Vars the Worker gets as secrets (never on a command line, never in the environment). */
  secrets: Record<string, string>;
}

export type RuntimeMessage = { type: "ready"; url: string } | { type: "reloading" } | { type: "failed"; message: string };

function send(message: RuntimeMessage): void {
  process.send?.(message);
}

async function run(o: RuntimeOptions): Promise<void> {
  const devEnv = new unstable_DevEnv();
  // The controllers' event bus is where a reload starts and ends, with the Worker's address.
  const dispatch = devEnv.dispatch.bind(devEnv);
  devEnv.dispatch = (event) => {
    if (event.type === "reloadStart") send({ type: "reloading" });
    if (event.type === "reloadComplete") {
      const { protocol, hostname, port } = event.proxyData.userWorkerUrl;
      send({ type: "ready", url: `${protocol}//${hostname}:${port}` });
    }
    dispatch(event);
  };
  const worker = await devEnv.startWorker({
    config: o.config,
    bindings: Object.fromEntries(Object.entries(o.secrets).map(([name, value]) => [name, { type: "secret_text", value }])),
    sendMetrics: false,
    dev: {
      server: { hostname: "127.0.0.1", port: 0 },
      inspector: o.inspectorPort ? { hostname: "127.0.0.1", port: o.inspectorPort } : false,
      persist: o.persistTo,
      logLevel: "log",
    },
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), 10_000).unref();
    worker.dispose().finally(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  process.on("disconnect", stop);
  await worker.ready;
}

process.once("message", (message: { type: string; options: RuntimeOptions }) => {
  if (message.type !== "start") return;
  run(message.options).catch((err: unknown) => {
    send({ type: "failed", message: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  });
});
