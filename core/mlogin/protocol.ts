/**
 * The mlogin wire (manta.md §8): text frames `medusa:{…}` from the reflector,
 * `mlogin:{…}` between the client and the in-job agent, binary frames for the
 * terminal's bytes. The client's job runs Manta's agent asset; Mobula runs its
 * own agent natively when it sees that exec line.
 */

/** What `mlogin` puts in the job (bin/mlogin MANTA_ASSET); never fetched here. */
export const MEDUSA_AGENT_ASSET = "/poseidon/public/medusa/agent.sh";
export const MEDUSA_AGENT_EXEC = `/assets${MEDUSA_AGENT_ASSET}`;

/** The config object mlogin PUTs for the agent: `/LOGIN/stor/medusa-config-<uuid>.json`. */
export const CONFIG_ASSET = /^\/[^/]+\/stor\/medusa-config-[^/]+\.json$/;

/** Reflector pulse to a master waiting for its slave (medusa control.js: every 2 s). */
export const WAIT_PULSE_MS = 2_000;

/** A session with no keystroke for this long is ended (with a message). */
export const IDLE_TIMEOUT_MS = 30 * 60_000;

export type Role = "master" | "slave";

export const medusaMessage = (type: "wait" | "linkup"): string => `medusa:${JSON.stringify({ type })}`;

export type AgentMessage = { type: "started"; pid: number } | { type: "exit" } | { type: "error"; error: string };
export const agentMessage = (m: AgentMessage): string => `mlogin:${JSON.stringify(m)}`;

export interface StartMessage {
  type: "start";
  columns: number;
  lines: number;
  term: string;
  /** The `-c CMD` of `mlogin -c`, or null for an interactive shell. */
  command: string | null;
}

export type ClientMessage = StartMessage | { type: "resize"; columns: number; lines: number };

const dimension = (v: unknown, fallback: number): number => (typeof v === "number" && Number.isInteger(v) && v > 0 && v < 10_000 ? v : fallback);

/**
 * Parses a client text frame. `start` carries `/usr/bin/ctrun -i core -l child
 * /bin/bash (--norc | -c CMD)`: what follows `-c` is the one-shot command.
 */
export function parseClientMessage(text: string): ClientMessage | null {
  const m = /^mlogin:(.*)$/s.exec(text);
  if (!m) return null;
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(m[1]!) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (o === null || typeof o !== "object") return null;
  if (o.type === "resize") return { type: "resize", columns: dimension(o.columns, 80), lines: dimension(o.lines, 25) };
  if (o.type !== "start") return null;
  const args = Array.isArray(o.arguments) ? o.arguments.filter((a): a is string => typeof a === "string") : [];
  const c = args.indexOf("-c");
  return {
    type: "start",
    columns: dimension(o.columns, 80),
    lines: dimension(o.lines, 25),
    term: typeof o.term === "string" ? o.term : "xterm",
    command: c >= 0 && c + 1 < args.length ? args[c + 1]! : null,
  };
}
