/**
 * Fuel calibration: how much fuel toolbox programs burn per second of CPU on this
 * machine. Starts Mobula, runs each exec line through the operator's sandbox route
 * over a generated access log, and divides the task's `fuelUsed` by the CPU time
 * its workerd spent meanwhile (utime + stime from /proc, workerd processes in the server's
 * process group, so other servers on the machine do not count) and by
 * the task's own wall time. Each line runs RUNS times; the table shows medians.
 *
 *   node --import tsx bench/calibrate-fuel.ts            # 32 MiB input, 3 runs
 *   CAL_MIB=64 CAL_RUNS=5 node --import tsx bench/calibrate-fuel.ts
 */
import { readFileSync, readdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMobula } from "./lib/processes.ts";
import { accessLog } from "./lib/access-log.ts";

const MIB = Number(process.env.CAL_MIB ?? 32);
const RUNS = Number(process.env.CAL_RUNS ?? 3);

const LINES: Array<{ exec: string; input: boolean }> = [
  { exec: "wc -l", input: true },
  { exec: "grep GET", input: true },
  { exec: "grep -c 'img[0-9]*7.jpg'", input: true },
  { exec: "awk '{print $7}'", input: true },
  { exec: "awk '{s += $10} END {print s}'", input: true },
  { exec: "sort", input: true },
  { exec: "uniq -c", input: true },
  { exec: "grep GET | awk '{print $7}' | sort | uniq -c | sort -rn | head", input: true },
  { exec: "awk 'BEGIN { for (i = 0; i < 30000000; i++) s += i; print s }'", input: false },
];

const ticksPerSec = 100; // CLK_TCK on Linux

/** CPU seconds used so far by the workerd processes of process group `group` (this run's server). */
function workerdCpu(group: number): number {
  let ticks = 0;
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      if (!stat.slice(stat.indexOf("(") + 1, close).startsWith("workerd")) continue;
      const f = stat.slice(close + 2).split(" ");
      if (Number(f[2]) !== group) continue; // another server on this machine
      ticks += Number(f[11]) + Number(f[12]); // utime, stime (fields 14, 15)
    } catch {
      // gone
    }
  }
  return ticks / ticksPerSec;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const state = mkdtempSync(join(tmpdir(), "mobula-calibrate-"));
const mobula = await startMobula(join(state, "mobula"));
try {
  const token = readFileSync(join(state, "mobula", "operator-token"), "utf8").trim();
  const body = accessLog(MIB * 2 ** 20);
  const payload = body.buffer.slice(body.byteOffset, body.byteOffset + body.length) as ArrayBuffer;
  const run = async (exec: string, input: boolean) => {
    const cpu0 = workerdCpu(mobula.child.pid!);
    const res = await fetch(`${mobula.url}/_mobula/sandbox/run?exec=${encodeURIComponent(exec)}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: input ? payload : "",
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${exec}: HTTP ${res.status} ${text.slice(0, 500)}`);
    const out = JSON.parse(text) as { exitCode: number; wallMs: number; fuelUsed: number; error?: { message: string } };
    if (out.exitCode !== 0) throw new Error(`${exec}: exit ${out.exitCode} ${out.error?.message ?? ""}`);
    return { fuel: out.fuelUsed, wall: out.wallMs / 1000, cpu: workerdCpu(mobula.child.pid!) - cpu0 };
  };
  await run("true", false); // load the isolate
  console.log(`input: ${MIB} MiB access log; ${RUNS} runs each, medians`);
  console.log("| exec | fuel | fuel/byte | task wall s | workerd CPU s | fuel/s (CPU) | fuel/s (wall) |");
  console.log("|---|---|---|---|---|---|---|");
  for (const { exec, input } of LINES) {
    const rs = [];
    for (let i = 0; i < RUNS; i++) rs.push(await run(exec, input));
    const fuel = median(rs.map((r) => r.fuel));
    const wall = median(rs.map((r) => r.wall));
    const cpu = median(rs.map((r) => r.cpu));
    const perCpu = median(rs.map((r) => r.fuel / r.cpu));
    const perWall = median(rs.map((r) => r.fuel / r.wall));
    const g = (n: number) => `${(n / 1e9).toFixed(2)}G`;
    console.log(`| \`${exec}\` | ${g(fuel)} | ${input ? (fuel / body.length).toFixed(0) : "—"} | ${wall.toFixed(2)} | ${cpu.toFixed(2)} | ${g(perCpu)} | ${g(perWall)} |`);
  }
} finally {
  await mobula.stop();
}
