/**
 * mlogin (SPEC §6): session start — from running the real `mlogin PATH` to its prompt — and
 * keystroke echo — from a key typed on the client's terminal to its echo on that screen (client,
 * edge, Worker, ReflectorDO, ShardDO, sandbox isolate and back). Driven on a pseudo-terminal
 * through the e2e test helpers. No baseline: the figures are absolute (p50/p99).
 */
import path from "node:path";
import { makeUser, manta, type MobulaServer } from "../test/e2e/harness.ts";
import { Terminal } from "../test/e2e/lib/terminal.ts";
import type { Running } from "./lib/processes.ts";
import type { Row } from "./storage.ts";

const MLOGIN = path.join(import.meta.dirname, "..", "node_modules", "manta", "bin", "mlogin");

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

export async function benchMlogin(mobula: Running, stateDir: string, opts: { sessions: number; keys: number }): Promise<{ rows: Row[]; notes: string[] }> {
  const user = await makeUser({ url: mobula.url, stateDir } as MobulaServer, "mlbench");
  await manta("mput", ["/mlbench/stor/x.txt"], { env: user, input: "a\nb\nc\n" });
  const prompt = "mlbench@manta # ";
  const starts: number[] = [];
  const echoes: number[] = [];
  for (let i = 0; i < opts.sessions; i++) {
    const t0 = performance.now();
    const t = new Terminal(process.execPath, [MLOGIN, "/mlbench/stor/x.txt"], user);
    await t.waitFor(prompt, 120_000);
    starts.push(performance.now() - t0);
    if (i === 0) {
      for (let k = 0; k < opts.keys; k++) {
        const ch = String.fromCharCode(97 + (k % 26));
        const at = performance.now();
        t.type(ch);
        await t.waitFor(ch, 10_000);
        echoes.push(performance.now() - at);
        if (k % 20 === 19) t.type("\x15"); // Ctrl-U: keep the line short
      }
      t.type("\x15");
    }
    t.type("exit\r");
    await t.waitFor("remote process exited", 30_000);
    await t.exited;
  }
  const row = (metric: string, v: number): Row => ({ metric, mobula: v, bare: NaN, unit: "ms", ratio: NaN, target: "reported" });
  return {
    rows: [
      row("mlogin session start (command to prompt) p50", pct(starts, 50)),
      row("mlogin session start p99", pct(starts, 99)),
      row("mlogin keystroke echo p50", pct(echoes, 50)),
      row("mlogin keystroke echo p99", pct(echoes, 99)),
    ],
    notes: [`mlogin: ${opts.sessions} sessions started, ${opts.keys} keystrokes echoed (the client's local tty adds nothing measurable)`],
  };
}
