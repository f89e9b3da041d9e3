/**
 * Sandbox part of the bench, through the operator's sandbox route: the warm start of a
 * trivial program, and of Ruby (`ruby -e nil`: boot the VM with its standard library), whose
 * first run after install also instruments the 30 MB runtime (reported as its cold start).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { percentile } from "./lib/measure.ts";
import type { Running } from "./lib/processes.ts";
import type { Row } from "./storage.ts";

export async function benchSandbox(mobula: Running, stateDir: string, runs: number): Promise<{ rows: Row[]; notes: string[] }> {
  const token = readFileSync(join(stateDir, "operator-token"), "utf8").trim();
  const call = async (exec: string) => {
    const t = performance.now();
    const res = await fetch(`${mobula.url}/_mobula/sandbox/run?exec=${encodeURIComponent(exec)}`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: "" });
    const out = (await res.json()) as { exitCode: number; wallMs: number };
    if (out.exitCode !== 0) throw new Error(`sandbox run of ${exec} exited ${out.exitCode}`);
    return { client: performance.now() - t, inside: out.wallMs };
  };
  await call("true"); // the first call loads the isolate: cold, not measured
  const warm: Array<{ client: number; inside: number }> = [];
  for (let i = 0; i < runs; i++) warm.push(await call("cat /dev/null"));
  const client = warm.map((w) => w.client);
  const inside = warm.map((w) => w.inside);
  const rubyCold = await call("ruby -e nil");
  const ruby: number[] = [];
  for (let i = 0; i < Math.max(5, Math.round(runs / 5)); i++) ruby.push((await call("ruby -e nil")).client);
  const trivial = percentile(client, 50);
  return {
    rows: [
      { metric: "ruby start (ruby -e nil), warm, p50", mobula: percentile(ruby, 50), bare: trivial, unit: "ms", ratio: percentile(ruby, 50) / trivial, target: "— (vs cat /dev/null)" },
      { metric: "ruby start (ruby -e nil), warm, p99", mobula: percentile(ruby, 99), bare: NaN, unit: "ms", ratio: NaN, target: "—" },
      { metric: "ruby first run on a fresh server (load + instrument the runtime)", mobula: rubyCold.client, bare: NaN, unit: "ms", ratio: NaN, target: "—" },
      { metric: "warm start of a trivial program (cat /dev/null), p50", mobula: percentile(client, 50), bare: NaN, unit: "ms", ratio: NaN, target: "—" },
      { metric: "warm start of a trivial program (cat /dev/null), p99", mobula: percentile(client, 99), bare: NaN, unit: "ms", ratio: NaN, target: "—" },
    ],
    notes: [`warm start measured by the client over HTTP (includes the edge); inside the Worker runTask took p50 ${percentile(inside, 50)} ms, p99 ${percentile(inside, 99)} ms`],
  };
}
