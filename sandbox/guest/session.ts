// An interactive session (mlogin) inside the isolate: the Mobula shell at a prompt,
// behind a terminal line discipline (core/terminal). Two loops share the isolate:
//   - the keyboard loop pulls terminal events from the parent, echoes, cooks lines
//     and queues them; Ctrl-C kills the running line's TaskContext, which its
//     programs see at their next fuel hook (a few ms) or I/O wait;
//   - the shell loop prints the prompt, takes a queued line, runs it with a fresh
//     TaskContext (its own CPU, memory and wall budget), and repeats until `exit`,
//     Ctrl-D at an empty prompt, or the end of the connection.
// The file tree (/tmp, /assets, the input under /manta) lives for the whole session.
import { ShellSession, type ByteSink, type ByteSource } from "../../core/shell/index.ts";
import { LineDiscipline, onlcr, type TtyEvent } from "../../core/terminal/line-discipline.ts";
import type { ProgramTable } from "../protocol.ts";
import type { SessionRequest, SessionResult } from "../session-protocol.ts";
import { TaskAbort, TaskContext } from "./context.ts";
import { SandboxHost } from "./shell-host.ts";
import { loopTick } from "./tick.ts";
import { ScratchDisk } from "./scratch.ts";
import { buildFs } from "./vfs.ts";
import { mountArchives } from "./archive-mount.ts";
import type { MantaOps } from "./wasi/process.ts";

const encoder = new TextEncoder();
const INTERRUPTED = "interrupted";
const UNWIND_MS = 2_000;

type Cooked = { kind: "line"; data: Uint8Array; text: string } | { kind: "eof" } | { kind: "interrupt" } | { kind: "end"; message?: string };

/** Screen writes in order: echo and program output come from two loops. */
class Screen {
  private chain: Promise<void> = Promise.resolve();
  constructor(private readonly write: (data: Uint8Array) => Promise<void>) {}
  put(data: Uint8Array | string): Promise<void> {
    const bytes = typeof data === "string" ? encoder.encode(data) : data;
    this.chain = this.chain.then(() => this.write(bytes)).catch(() => {});
    return this.chain;
  }
  /** Resolves once everything put so far has been written. */
  drained(): Promise<void> {
    return this.chain;
  }
}

/** What a line's programs write: to the screen, `\n` as CR LF, until the line is interrupted. */
function ttySink(screen: Screen, ctx: TaskContext): ByteSink {
  return {
    isTerminal: true,
    async write(chunk) {
      if (ctx.killed) throw ctx.killed;
      await ctx.guard(screen.put(onlcr(chunk.slice())));
    },
    async close() {},
  };
}

class Session {
  private readonly ld = new LineDiscipline();
  private readonly queue: Cooked[] = [];
  private wake: (() => void) | null = null;
  running: TaskContext | null = null;
  private ended: string | null | undefined = undefined; // undefined: still connected

  constructor(
    private readonly req: SessionRequest,
    private readonly screen: Screen,
  ) {}

  /** The keyboard loop; returns when the connection ends. */
  async keyboard(shell: ShellSession): Promise<void> {
    for (;;) {
      const ev = await this.req.next().catch(() => ({ type: "end" as const, message: undefined }));
      if (ev.type === "end") {
        this.ended = ev.message ?? null;
        this.running?.kill("TaskKilledError", "session ended");
        this.push({ kind: "end", message: ev.message });
        return;
      }
      if (ev.type === "resize") {
        shell.export("COLUMNS", String(ev.columns));
        shell.export("LINES", String(ev.lines));
        continue;
      }
      this.ld.historyEnabled = this.running === null;
      for (const e of this.ld.feed(ev.data)) this.handle(e);
    }
  }

  private handle(e: TtyEvent): void {
    if (e.kind === "echo") void this.screen.put(e.text);
    else if (e.kind === "line") {
      const text = e.newline ? `${e.text}\n` : e.text;
      this.push({ kind: "line", data: encoder.encode(text), text: e.text });
    } else if (e.kind === "eof") this.push({ kind: "eof" });
    else if (this.running) {
      // Ctrl-C: like SIGINT to the foreground job; typeahead is discarded, as a tty flushes it.
      this.queue.length = 0;
      this.running.kill("TaskKilledError", INTERRUPTED);
    } else this.push({ kind: "interrupt" });
  }

  remember(line: string): void {
    this.ld.remember(line);
  }

  private push(c: Cooked): void {
    this.queue.push(c);
    this.wake?.();
    this.wake = null;
  }

  async take(): Promise<Cooked> {
    while (this.queue.length === 0) await new Promise<void>((r) => (this.wake = r));
    return this.queue.shift()!;
  }

  /** The terminal as a line's stdin: cooked lines, null once at Ctrl-D. */
  ttySource(ctx: TaskContext): ByteSource {
    let rest: Uint8Array | null = null;
    return {
      isTerminal: true,
      read: async (max) => {
        if (!rest) {
          const next = this.queue[0];
          if (next?.kind === "end") return null;
          const c = await ctx.guard(this.take());
          if (c.kind === "end") {
            this.queue.unshift(c);
            return null;
          }
          if (c.kind !== "line") return null;
          rest = c.data;
        }
        const out = rest.subarray(0, max);
        rest = rest.length > max ? rest.subarray(max) : null;
        return out;
      },
    };
  }

  /** Runs one line; the status is 130 after Ctrl-C, as bash reports SIGINT. */
  async runLine(shell: ShellSession, line: string, host: (ctx: TaskContext) => SandboxHost): Promise<{ status: number; exit: boolean }> {
    const ctx = new TaskContext(this.req.limits, null);
    this.running = ctx;
    const out = ttySink(this.screen, ctx);
    const io = { stdin: this.ttySource(ctx), stdout: out, stderr: out };
    const run = shell.run(line, host(ctx), io);
    try {
      return await Promise.race([run, ctx.whenKilled.then((k) => Promise.reject(k))]);
    } catch (e) {
      // Let the killed line unwind (its programs stop at their next hook) before `$?` is set.
      await Promise.race([run.catch(() => undefined), new Promise((r) => setTimeout(r, UNWIND_MS))]);
      const abort = ctx.killed ?? (e instanceof TaskAbort ? e : null);
      if (abort?.message === INTERRUPTED) return { status: (shell.status = 130), exit: false };
      if (this.ended !== undefined) return { status: (shell.status = 129), exit: true };
      await this.screen.put(`sh: ${abort ? abort.message : e instanceof Error ? e.message : String(e)}\r\n`);
      return { status: (shell.status = abort?.code === "TaskKilledError" ? 137 : 1), exit: false };
    } finally {
      this.running = null;
    }
  }
}

export async function runGuestSession(table: ProgramTable, req: SessionRequest): Promise<SessionResult> {
  const screen = new Screen(req.write);
  const session = new Session(req, screen);
  // The input is read by whichever line is running; its reads are bounded by the session, not a line.
  const readInput = req.readInput;
  const fs = buildFs({
    disk: new ScratchDisk(req.limits.diskMiB * 1024 * 1024, null),
    assets: req.assets,
    input: req.input && readInput ? { ...req.input, read: (o, l) => readInput(o, l) } : null,
  });
  await mountArchives(fs, req.assets);
  const shell = new ShellSession({ ...req.env, COLUMNS: String(req.columns), LINES: String(req.lines) }, "/", {
    tick: loopTick(() => session.running),
  });
  const refuse = (): Promise<never> => Promise.reject(new Error("job outputs (mpipe, mtee) are not available in mlogin"));
  const manta: MantaOps = { openOutput: refuse, emitReference: refuse, openObject: refuse };
  const host = (ctx: TaskContext) => new SandboxHost(ctx, fs, table, manta, req.storage);
  const keyboard = session.keyboard(shell);

  let status = 0;
  if (req.command !== null) {
    status = (await session.runLine(shell, req.command, host)).status;
  } else {
    for (;;) {
      await screen.put(req.prompt);
      const c = await session.take();
      if (c.kind === "end") break;
      if (c.kind === "eof") {
        await screen.put("exit\r\n");
        break;
      }
      if (c.kind === "interrupt") continue;
      if (!c.text.trim()) continue;
      session.remember(c.text);
      const r = await session.runLine(shell, c.text, host);
      status = r.status;
      if (r.exit) break;
    }
  }
  void keyboard; // ends with the connection; nothing waits for it
  await screen.drained(); // the last echo and output go out before the parent says `exit`
  return { status };
}
