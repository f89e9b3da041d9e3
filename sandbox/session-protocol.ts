// The RPC contract of an interactive session (mlogin) between the parent (runSession, in a
// ShardDO) and the dynamic isolate (guest/session.ts). As for tasks, capabilities cross as RPC
// arguments: the terminal is two functions, one the guest pulls events from, one it writes to.
import type { StorageCall, TaskLimits } from "./protocol.ts";

/** What the terminal sends: keystrokes, a window size, or the end of the connection. */
export type TerminalEvent =
  | { type: "keys"; data: Uint8Array }
  | { type: "resize"; columns: number; lines: number }
  | { type: "end"; message?: string };

export interface SessionRequest {
  env: Record<string, string>;
  /** Limits of each command line (a fresh CPU, memory and wall budget per line). */
  limits: TaskLimits;
  prompt: string;
  columns: number;
  lines: number;
  /** `mlogin -c`: run this line and end; null: an interactive shell. */
  command: string | null;
  input: { path: string; size: number } | null;
  readInput: ((offset: number, length: number) => Promise<Uint8Array>) | null;
  assets: Record<string, ArrayBuffer>;
  /** The storage API as the session's owner (the Manta tools). */
  storage: StorageCall | null;
  /** Resolves with the next terminal event; the guest keeps one call outstanding. */
  next: () => Promise<TerminalEvent>;
  /** Writes to the screen (already in terminal form: CR LF). */
  write: (data: Uint8Array) => Promise<void>;
}

export interface SessionResult {
  /** The status of the last line (`exit N`, or the one `-c` command). */
  status: number;
}
