/**
 * ReflectorDO — one per mlogin session, named by the job id: medusa's
 * reflector (control.js) on the WebSocket hibernation API.
 *
 *   master attaches ──▶ `medusa:{"type":"wait"}` every 2 s (alarm)
 *   slave attaches  ──▶ `medusa:{"type":"linkup"}` to both, then every frame is
 *                       forwarded verbatim (text as text, binary as binary)
 *   either closes   ──▶ the other is closed with the same reason
 *
 * Invariants: at most one master and one slave (a second is refused before the
 * upgrade, so the route can answer Manta's error); frames sent before linkup
 * are dropped, as medusa did. The sockets are the state: which ones are open
 * is asked of `ctx.getWebSockets(role)`, so the object may hibernate between
 * frames. The Worker route has already checked the caller, the job and the URL.
 */
import { DurableObject } from "cloudflare:workers";
import { medusaMessage, WAIT_PULSE_MS, type Role } from "../core/mlogin/protocol.ts";

/** Set by the attach route; the only way a socket gets a role. */
export const ROLE_HEADER = "x-mobula-medusa-role";

/** Close codes a peer may not send (no status, abnormal): forwarded as a normal close. */
const UNSENDABLE = new Set([1005, 1006, 1015]);

export class ReflectorDO extends DurableObject<Env> {
  async fetch(request: Request): Promise<Response> {
    const role = request.headers.get(ROLE_HEADER) as Role | null;
    if (role !== "master" && role !== "slave") return new Response(null, { status: 400 });
    // 409 = that end is taken (or, for a slave, no master to link with); the route names the error.
    if (this.socket(role)) return new Response(null, { status: 409 });
    if (role === "slave" && !this.socket("master")) return new Response(null, { status: 409 });
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [role]);
    if (role === "master") {
      await this.ctx.storage.setAlarm(Date.now() + WAIT_PULSE_MS);
    } else {
      await this.ctx.storage.deleteAlarm();
      this.socket("master")!.send(medusaMessage("linkup"));
      server.send(medusaMessage("linkup"));
    }
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Is a session attached (a master or slave socket open)? */
  async attached(): Promise<boolean> {
    return this.socket("master") !== null;
  }

  async alarm(): Promise<void> {
    const master = this.socket("master");
    if (!master || this.socket("slave")) return;
    master.send(medusaMessage("wait"));
    await this.ctx.storage.setAlarm(Date.now() + WAIT_PULSE_MS);
  }

  async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const peer = this.peerOf(ws);
    if (!peer || !this.socket("slave") || !this.socket("master")) return; // before linkup: dropped, as medusa did
    try {
      peer.send(message);
    } catch {
      // the peer is closing; its close event ends the session
    }
  }

  async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    this.closeBoth(ws, UNSENDABLE.has(code) ? 1000 : code, reason);
  }

  async webSocketError(ws: WebSocket): Promise<void> {
    this.closeBoth(ws, 1011, "remote connection error");
  }

  private closeBoth(ws: WebSocket, code: number, reason: string): void {
    const peer = this.peerOf(ws);
    for (const s of [ws, peer]) {
      try {
        s?.close(code, reason);
      } catch {
        // already closed
      }
    }
  }

  private socket(role: Role): WebSocket | null {
    return this.ctx.getWebSockets(role).find((s) => s.readyState === WebSocket.OPEN) ?? null;
  }

  private peerOf(ws: WebSocket): WebSocket | null {
    const [role] = this.ctx.getTags(ws);
    return this.socket(role === "master" ? "slave" : "master");
  }
}
