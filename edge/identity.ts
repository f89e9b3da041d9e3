// Every answer names its server and its request (SPEC §7), the edge's own answers included:
// `server`, `x-server-name` (this server's stable id) and `x-request-id` (the client's, or a
// new one). On relayed answers they are preset, and the Worker's headers of the same names
// replace them; the edge's own answers keep them.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { headerValue } from "./headers.ts";

/** What muskie sent, and what the Worker sends. */
export const SERVER = "Manta";

export function requestId(req: IncomingMessage | undefined): string {
  const given = req ? headerValue(req.rawHeaders, "x-request-id")?.trim() : undefined;
  return given && given.length <= 200 ? given : randomUUID();
}

export function identityHeaders(serverName: string, id: string): Record<string, string> {
  return { server: SERVER, "x-server-name": serverName, "x-request-id": id };
}

export function stamp(res: ServerResponse, serverName: string, req: IncomingMessage): void {
  for (const [name, value] of Object.entries(identityHeaders(serverName, requestId(req)))) res.setHeader(name, value);
}
