/**
 * Fairness part of the bench (SPEC §4: an infinite loop or a memory bomb harms nothing
 * else): 12 small jobs of one account, submitted at once, first alone and then beside
 * another account's spinning job and memory-bomb job; each job's submit → done time.
 * The hostile jobs are cancelled after each round (the spinner would run to its CPU limit).
 */
import type { Signer } from "./lib/account.ts";
import { accessLog } from "./lib/access-log.ts";
import { percentile, request } from "./lib/measure.ts";
import type { Running } from "./lib/processes.ts";
import { runJob } from "./jobs.ts";
import type { Row } from "./storage.ts";

const NORMAL = 12;
const ROUNDS = 3;
const SPIN = "awk 'BEGIN { while (1) {} }'";
const BOMB = "awk 'BEGIN { s = \"xxxxxxxxxxxxxxxx\"; while (1) s = s s }'";

async function startJob(url: string, user: Signer, phase: Record<string, unknown>, input: string): Promise<string> {
  const created = await fetch(`${url}/${user.login}/jobs`, {
    method: "POST",
    headers: { ...user.headers(), "content-type": "application/json; type=job" },
    body: JSON.stringify({ name: "hostile", phases: [{ type: "map", ...phase }] }),
  });
  if (created.status !== 201) throw new Error(`create job: ${created.status} ${await created.text()}`);
  const id = created.headers.get("location")!.split("/").pop()!;
  await fetch(`${url}/${user.login}/jobs/${id}/live/in?end=true`, { method: "POST", headers: { ...user.headers(), "content-type": "text/plain" }, body: input });
  return id;
}

export async function benchFairness(mobula: Running, user: Signer, hostile: Signer): Promise<{ rows: Row[]; notes: string[] }> {
  const url = mobula.url;
  const log = `/${user.login}/stor/fair.log`;
  const body = accessLog(1 << 20);
  const up = await request(`${url}${log}`, "PUT", { ...user.headers(), "content-length": String(body.length) }, body);
  if (up.status !== 204) throw new Error(`PUT ${up.status}`);
  await request(`${url}/${hostile.login}/stor/x`, "PUT", { ...hostile.headers(), "content-length": "2" }, Buffer.from("x\n"));

  const normal = async () => {
    const runs = await Promise.all(Array.from({ length: NORMAL }, () => runJob(url, user, "grep GET | wc -l", [log])));
    const errors = runs.reduce((n, r) => n + (r.status.stats.errors ?? 0), 0);
    if (errors) throw new Error(`normal jobs had ${errors} errors`);
    return runs.map((r) => r.secs * 1000);
  };
  const state = async (id: string) => (await (await fetch(`${url}/${hostile.login}/jobs/${id}/live/status`, { headers: hostile.headers() })).json()) as { state: string; stats: Record<string, number> };
  await normal(); // warm: isolates loaded, shards awake
  // Rounds alternate alone / beside, so a change in the machine's load hits both alike.
  const alone: number[] = [];
  const beside: number[] = [];
  let spinning = 0;
  let bombErrors = 0;
  for (let round = 0; round < ROUNDS; round++) {
    alone.push(...(await normal()));
    const spin = await startJob(url, hostile, { exec: SPIN }, `/${hostile.login}/stor/x`);
    const bomb = await startJob(url, hostile, { exec: BOMB, memory: 128 }, `/${hostile.login}/stor/x`);
    await new Promise((r) => setTimeout(r, 500)); // both running
    beside.push(...(await normal()));
    if ((await state(spin)).state !== "done") spinning++;
    for (const id of [spin, bomb]) await fetch(`${url}/${hostile.login}/jobs/${id}/live/cancel`, { method: "POST", headers: hostile.headers() });
    for (const id of [spin, bomb]) while ((await state(id)).state !== "done") await new Promise((r) => setTimeout(r, 100));
    bombErrors += (await state(bomb)).stats.errors ?? 0;
  }

  const p50 = (xs: number[]) => percentile(xs, 50);
  const max = (xs: number[]) => Math.max(...xs);
  return {
    rows: [
      { metric: `${NORMAL} small jobs at once, submit → done p50: alone vs beside a spinning job and a memory bomb`, mobula: p50(beside), bare: p50(alone), unit: "ms", ratio: p50(alone) / p50(beside), target: "≥ 0.5×" },
      { metric: `${NORMAL} small jobs at once, slowest: alone vs beside a spinning job and a memory bomb`, mobula: max(beside), bare: max(alone), unit: "ms", ratio: max(alone) / max(beside), target: "—" },
    ],
    notes: [`fairness: ${ROUNDS} rounds of ${NORMAL} jobs each way; the spinning job was still running at the end of ${spinning} of ${ROUNDS} rounds; the memory bomb failed (memory limit) in ${bombErrors} of ${ROUNDS}`],
  };
}
