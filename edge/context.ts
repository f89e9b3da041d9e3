// What every part of the edge needs: where the Worker is, how to log, and who this server is.
import type { Upstream } from "./upstream.ts";

export type Log = (event: Record<string, unknown>) => void;

export interface EdgeContext {
  up: Upstream;
  log: Log;
  /** This server's stable id (x-server-name on every answer). */
  serverName: string;
  /** An upload whose client sends nothing for this long gets 408 UploadTimeout. */
  uploadIdleMs: number;
  /** Sent to the Worker with every request (headers.ts EDGE_HEADER), when set. */
  secret?: string;
}
