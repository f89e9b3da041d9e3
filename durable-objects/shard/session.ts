/**
 * The mlogin session agent: what Manta's `/assets/poseidon/public/medusa/agent.sh`
 * did inside the job's zone, run natively by the ShardDO that got the task
 * (so a map session sits beside the shard holding its object):
 *   1. read the config object mlogin put among the assets (its presigned slave
 *      URL), and delete it, as medusa's agent did;
 *   2. open the slave WebSocket through the front Worker's own attach route
 *      (`ctx.exports.default`), so the presigned URL is checked like any other;
 *   3. on `medusa:linkup`, wait for the client's `mlogin:start`, answer
 *      `started`, and run the shell (sandbox/run-session.ts) with the socket as
 *      its terminal; binary frames are keystrokes, `resize` sets COLUMNS/LINES;
 *   4. when the shell ends send `exit` (`error` for a failed `mlogin -c`, the only
 *      way the client can exit non-zero), and close.
 * The connection ending (`~.`, the client gone) or 30 min without a keystroke
 * ends the shell. The task then succeeds with no output; the job goes `done`.
 */
import { CONFIG_ASSET, IDLE_TIMEOUT_MS, MEDUSA_AGENT_ASSET, agentMessage, parseClientMessage, type StartMessage } from "../../core/mlogin/protocol.ts";
import type { TaskAssignment, TaskReport } from "../../core/jobs/protocol.ts";
import { basename, dirname } from "../../core/paths.ts";
import { directory, lookup, releaseBlob } from "../../namespace/index.ts";
import { runSession, type TerminalEvent } from "../../sandbox/run-session.ts";
import type { StorageCall } from "../../sandbox/protocol.ts";
import { BlobReader } from "./read.ts";
import { loadAssets } from "./task.ts";

const START_TIMEOUT_MS = 60_000;
const CLOSE_GRACE_MS = 5_000;
/** A frame bigger than this is sent as several messages (never one fragmented frame). */
const MAX_FRAME = 64 * 1024;
/** Sent by the local edge; the agent's own request must carry it too (workers/middleware/request-context.ts). */
const EDGE_HEADER = "x-mobula-edge";

class Failure extends Error {}

/** The slave socket as a terminal: a queue of events and a screen. */
class Link {
  private readonly queue: TerminalEvent[] = [];
  private waiter: ((e: TerminalEvent) => void) | null = null;
  private lastKey = Date.now();
  private closed = false;
  private order: Promise<void> = Promise.resolve();
  readonly linkup: Promise<void>;
  readonly start: Promise<StartMessage>;
  readonly gone: Promise<void>;

  constructor(private readonly ws: WebSocket) {
    let linked!: () => void;
    let started!: (m: StartMessage) => void;
    let gone!: () => void;
    this.linkup = new Promise((r) => (linked = r));
    this.start = new Promise((r) => (started = r));
    this.gone = new Promise((r) => (gone = r));
    ws.addEventListener("message", (m) => {
      if (typeof m.data !== "string") {
        this.lastKey = Date.now();
        const data = m.data as ArrayBuffer | Blob;
        // A client socket may deliver binary frames as Blobs: convert in arrival order.
        this.order = this.order.then(async () => this.push({ type: "keys", data: new Uint8Array(data instanceof Blob ? await data.arrayBuffer() : data) }));
        return;
      }
      if (m.data === 'medusa:{"type":"linkup"}') return linked();
      const msg = parseClientMessage(m.data);
      if (msg?.type === "start") started(msg);
      else if (msg?.type === "resize") this.push(msg);
    });
    const end = () => {
      this.closed = true;
      this.order = this.order.then(() => this.push({ type: "end" }));
      gone();
    };
    ws.addEventListener("close", end);
    ws.addEventListener("error", end);
  }

  private push(e: TerminalEvent): void {
    if (this.waiter) {
      this.waiter(e);
      this.waiter = null;
    } else this.queue.push(e);
  }

  /** The next event; ends the session after IDLE_TIMEOUT_MS without a keystroke. */
  next(): Promise<TerminalEvent> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => {
      const idle = setTimeout(() => {
        this.waiter = null;
        this.send("\r\n * no keystroke for 30 minutes: ending the session\r\n");
        resolve({ type: "end", message: "idle" });
      }, Math.max(0, this.lastKey + IDLE_TIMEOUT_MS - Date.now()));
      this.waiter = (e) => {
        clearTimeout(idle);
        resolve(e);
      };
    });
  }

  send(data: string | Uint8Array): void {
    if (this.closed) return;
    try {
      if (typeof data === "string" && data.startsWith("mlogin:")) return this.ws.send(data);
      const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
      for (let at = 0; at < bytes.length; at += MAX_FRAME) this.ws.send(bytes.slice(at, at + MAX_FRAME));
    } catch {
      this.closed = true;
    }
  }

  close(reason: string): void {
    this.closed = true;
    this.push({ type: "end" }); // settles a pending next() and its idle timer
    try {
      this.ws.close(1000, reason);
    } catch {
      // already closed
    }
  }
}

function timeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const t = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Failure(what)), ms)));
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** Reads the config object, then removes it (mlogin removes it too, at the end). */
async function takeConfig(env: Env, a: TaskAssignment): Promise<{ signedUrl: string }> {
  const path = a.assets.find((p) => CONFIG_ASSET.test(p) && p.startsWith(`/${a.login}/stor/`));
  if (!path) throw new Failure("no session configuration among the job's assets");
  const entry = await lookup(env, path);
  if (!entry || entry.type !== "object") throw new Failure(`failed to fetch asset "${path}": no such object`);
  const bytes = await new BlobReader(env, -1).read(entry.blob, 0, entry.size);
  let signedUrl: unknown;
  try {
    signedUrl = (JSON.parse(new TextDecoder().decode(bytes)) as { signed_url?: unknown }).signed_url;
  } catch {
    signedUrl = undefined;
  }
  if (typeof signedUrl !== "string") throw new Failure(`"${path}" is not an mlogin configuration`);
  const removed = await directory(env, dirname(path)).remove(basename(path), {}, "object");
  if (removed.ok && removed.entry.type === "object") await releaseBlob(env, removed.entry.blob);
  return { signedUrl };
}

async function connect(env: Env, loopback: Fetcher, signedUrl: string): Promise<WebSocket> {
  const headers: Record<string, string> = { upgrade: "websocket" };
  if (env.MOBULA_EDGE_SECRET) headers[EDGE_HEADER] = env.MOBULA_EDGE_SECRET;
  const answer = await loopback.fetch(signedUrl, { headers });
  if (!answer.webSocket) throw new Failure(`server did not Upgrade: ${answer.status} ${await answer.text()}`);
  (answer.webSocket as { binaryType?: string }).binaryType = "arraybuffer";
  answer.webSocket.accept();
  return answer.webSocket;
}

export async function runSessionAgent(env: Env, a: TaskAssignment, loopback: Fetcher | undefined, storage?: StorageCall): Promise<TaskReport> {
  const report: TaskReport = { jobId: a.jobId, taskId: a.taskId, attempt: a.attempt, shard: a.shard, outcome: "ok", error: null, stderr: null, outputs: [], bytesLocal: 0, bytesRemote: 0 };
  let link: Link | null = null;
  try {
    if (!loopback) throw new Error("ctx.exports is not available: the agent cannot reach the attach route");
    const { signedUrl } = await takeConfig(env, a);
    const others = a.assets.filter((p) => p !== MEDUSA_AGENT_ASSET && !CONFIG_ASSET.test(p));
    const loaded = await loadAssets(env, { ...a, assets: others });
    link = new Link(await connect(env, loopback, signedUrl));
    await timeout(link.linkup, START_TIMEOUT_MS, "the client never linked up");
    const start = await timeout(link.start, START_TIMEOUT_MS, "the client sent no start message");
    link.send(agentMessage({ type: "started", pid: 4242 }));
    const reader = new BlobReader(env, a.shard);
    const input = a.input;
    const term = link;
    const { status } = await runSession(
      env,
      {
        env: {
          MANTA_USER: a.login,
          MANTA_JOB_ID: a.jobId,
          HOME: "/root",
          TERM: start.term,
          PS1: `${a.login}@manta # `,
          ...(input ? { MANTA_INPUT_OBJECT: input.path, mc_input_key: input.path } : { MANTA_REDUCER: "0" }),
        },
        limits: { ...a.limits, wallMs: IDLE_TIMEOUT_MS },
        prompt: `${a.login}@manta # `,
        columns: start.columns,
        lines: start.lines,
        command: start.command,
        ...(storage ? { storage } : {}),
        ...loaded,
        ...(input ? { input: { path: input.path, size: input.size, read: (o: number, l: number) => reader.read(input.blob, o, l) } } : {}),
      },
      { next: () => term.next(), write: async (data) => term.send(data) },
    );
    report.bytesLocal = reader.bytesLocal;
    report.bytesRemote = reader.bytesRemote;
    if (start.command !== null && status !== 0) link.send(agentMessage({ type: "error", error: `command exited with status ${status}` }));
    else link.send(agentMessage({ type: "exit" }));
    await Promise.race([link.gone, new Promise((r) => setTimeout(r, CLOSE_GRACE_MS))]);
    link.close("done");
    return report;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    link?.send(agentMessage({ type: "error", error: message }));
    link?.close("agent error");
    if (err instanceof Failure) return { ...report, outcome: "failed", error: { code: "TaskInitError", message } };
    return { ...report, outcome: "internal", error: { code: "InternalError", message } };
  }
}
