// A program run on a pseudo-terminal (lib/run-on-tty.py), typed at and read like a screen: for mlogin, which refuses
// to run without a TTY. `screen` is everything written so far, without carriage returns (the local tty adds its
// own before each newline: node's raw mode keeps ONLCR); `waitFor` polls it.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PTY = path.join(path.dirname(fileURLToPath(import.meta.url)), "run-on-tty.py");

export class Terminal {
  screen = "";
  readonly exited: Promise<number>;
  private readonly child: ChildProcess;
  private mark = 0;
  private readonly listeners = new Set<() => void>();

  /** Only `env`'s MANTA_* settings reach the program (none of ours, and no ssh-agent). */
  constructor(command: string, args: string[], env: Record<string, string>) {
    const base: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env)) {
      if (!name.startsWith("MANTA_") && name !== "SSH_AUTH_SOCK") base[name] = value;
    }
    this.child = spawn("python3", [PTY, command, ...args], { env: { ...base, TERM: "xterm", ...env }, stdio: ["pipe", "pipe", "inherit"] });
    this.child.stdout!.on("data", (b: Buffer) => {
      this.screen += b.toString("utf8").replace(/\r/g, "");
      for (const l of [...this.listeners]) l();
    });
    this.exited = new Promise((resolve) => this.child.on("exit", (code) => resolve(code ?? -1)));
  }

  /** Types keys (raw bytes: "\r" is Enter, "\x03" Ctrl-C). */
  type(keys: string): void {
    this.child.stdin!.write(keys);
  }

  /** Waits until the screen, after the last match, matches `pattern`; returns that new part. */
  waitFor(pattern: RegExp | string, timeoutMs = 30_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const fresh = this.screen.slice(this.mark);
        const m = typeof pattern === "string" ? fresh.indexOf(pattern) : fresh.search(pattern);
        if (m < 0) return false;
        const len = typeof pattern === "string" ? pattern.length : (fresh.slice(m).match(pattern)?.[0].length ?? 0);
        this.mark += m + len;
        resolve(fresh.slice(0, m + len));
        return true;
      };
      if (check()) return;
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`timed out waiting for ${String(pattern)}; screen after mark:\n${this.screen.slice(this.mark)}`));
      }, timeoutMs);
      const listener = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
    });
  }

  kill(): void {
    this.child.kill("SIGKILL");
  }
}
