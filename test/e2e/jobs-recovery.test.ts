/**
 * A job survives two kill -9 of the whole server (edge, wrangler, workerd): once while its
 * inputs are still arriving, once right after its input ended. Restarted each time, it finishes
 * soon after the last restart — tasks lost in flight are noticed when the JobDO asks its
 * ShardDOs what they hold — with exactly one output per input and no errors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser, manta, startMobula, type MantaEnv, type MobulaServer } from "./harness.ts";
import { holdKey, type KeyHolder } from "./lib/keyholder.ts";

const N = 200;
// The bound of the issue: a job interrupted twice finishes within 60 s of the last restart.
const HEAL_BOUND_MS = 60_000;

let server: MobulaServer;
let alice: MantaEnv;
let aliceKey: KeyHolder; // for the 200 small PUTs and GETs: one process each would crowd two cores

beforeAll(async () => {
  server = await startMobula();
  alice = await makeUser(server, "alice");
  aliceKey = await holdKey(server, "alice", true);
  await manta("mmkdir", ["-p", "/alice/stor/in"], { env: alice });
  // Each input's bytes are its own: "input <i>" plus a filler line, so a lost or doubled input shows.
  for (let i = 0; i < N; i += 20) {
    const puts = await Promise.all(Array.from({ length: 20 }, (_, j) => aliceKey.fetch("PUT", `/alice/stor/in/f${i + j}`, { body: body(i + j) })));
    expect(puts.map((r) => r.status)).toEqual(Array(20).fill(204));
  }
}, 300_000);
afterAll(async () => {
  await server?.stop();
});

function mjob(args: string[], input?: string, timeoutMs = 120_000) {
  return manta("mjob", args, { env: alice, ...(input !== undefined ? { input } : {}), timeoutMs });
}

const body = (i: number) => `input ${i}\nfiller ${"x".repeat(i)}\n`;
const names = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `/alice/stor/in/f${from + i}`).join("\n") + "\n";

describe("recovery from kill -9", () => {
  it("a 200-input job killed twice finishes soon after the last restart with exactly one output per input", async () => {
    // Some CPU per task, so the kills land while tasks are in flight.
    const exec = 'awk "BEGIN { for (i = 0; i < 300000; i++) s += i } { print }"';
    const created = await mjob(["create", "--open", "-m", exec]);
    const id = created.stdout.toString().trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    expect((await mjob(["addinputs", "--open", id], names(0, N / 2))).code).toBe(0);
    await new Promise((r) => setTimeout(r, 1500));
    await server.kill9(); // mid-input: the job is still open
    await server.restart();

    expect((await mjob(["addinputs", id], names(N / 2, N))).code).toBe(0); // ends the input
    await server.kill9(); // right after input end
    await server.restart();
    const restarted = Date.now();

    const watched = await mjob(["watch", id], undefined, HEAL_BOUND_MS);
    const healedMs = Date.now() - restarted;
    expect(watched.code, `mjob watch did not see the job finish within ${HEAL_BOUND_MS} ms of the last restart`).toBe(0);
    expect(healedMs).toBeLessThan(HEAL_BOUND_MS);

    const job = JSON.parse((await mjob(["get", id])).stdout.toString()) as { state: string; stats: Record<string, number> };
    expect(job.state).toBe("done");
    expect(job.stats.errors).toBe(0);
    const outs = (await mjob(["outputs", id])).stdout.toString().trim().split("\n");
    expect(outs).toHaveLength(N);
    const bases = outs.map((o) => o.replace(/\.0\.[^.]+$/, ""));
    expect(new Set(bases).size).toBe(N);
    const bodies = await Promise.all(outs.map(async (o) => (await aliceKey.fetch("GET", o)).text()));
    const seen = bodies.map((b) => Number(/^input (\d+)\n/.exec(b)?.[1])).sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: N }, (_, i) => i));
    for (const b of bodies) {
      const i = Number(/^input (\d+)\n/.exec(b)![1]);
      expect(b).toBe(body(i));
    }
  }, 600_000);
});
