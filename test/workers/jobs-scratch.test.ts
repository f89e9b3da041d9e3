/**
 * /tmp backed by storage: a task's /tmp blocks go to its shard's bucket under the attempt's
 * prefix (`tmp/<job>/<task>#<attempt>/`) once /tmp holds more than fits in memory, and none
 * survive the task. After a crash, the ShardDO's alarm sweeps the prefixes no live run owns.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ShardDO } from "../../durable-objects/shard/shard.ts";
import { RESIDENT_BYTES } from "../../sandbox/guest/scratch.ts";
import { makeUser } from "./helpers.ts";
import { addInputs, getText, lines, newJob, putText, waitDone } from "./jobs-helpers.ts";
import { BUCKETS, shardKeys } from "./shards.ts";

const tmpKeys = async () => (await shardKeys()).filter((k) => k.split(":")[1]!.startsWith("tmp/"));

function corpus(bytes: number): string[] {
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `${(i * 7919) % 100_003}\tword${(i * 31) % 997}\t${"x".repeat(i % 40)}`;
    out.push(line);
    size += line.length + 1;
  }
  return out;
}

describe("/tmp backed by storage", async () => {
  const ines = await makeUser("ines");

  it("a sort that spills more than fits in memory goes through the shard's bucket and leaves nothing behind", async () => {
    const input = corpus(RESIDENT_BYTES + (4 << 20));
    await putText(ines, "/ines/stor/big.tsv", input.join("\n") + "\n");
    const id = await newJob(ines, { phases: [{ exec: "sort -S 1M -k2,2 -k1,1n" }] });
    await addInputs(ines, id, ["/ines/stor/big.tsv"]);
    const seen = new Set<string>();
    let job;
    for (;;) {
      for (const k of await tmpKeys()) seen.add(k);
      const st = await getText(ines, `/ines/jobs/${id}/live/status`).then((t) => JSON.parse(t) as { state: string });
      if (st.state === "done") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    job = await waitDone(ines, id, 60_000);
    expect(job.stats).toMatchObject({ errors: 0, outputs: 1 });
    const [out] = await lines(ines, id, "out");
    const key = (l: string) => l.split("\t");
    const want = [...input].sort((a, b) => {
      const [a1, a2] = key(a), [b1, b2] = key(b);
      return a2! < b2! ? -1 : a2! > b2! ? 1 : Number(a1) - Number(b1) || (a < b ? -1 : a > b ? 1 : 0);
    });
    expect((await getText(ines, out!)) === want.join("\n") + "\n").toBe(true);
    expect([...seen].some((k) => /^\d:tmp\/[^/]+\/[^/]+#\d+\/[0-9a-z]+$/.test(k))).toBe(true);
    expect(await tmpKeys()).toEqual([]);
  }, 120_000);

  it("the ShardDO's alarm deletes /tmp blocks that no live run owns (left by a crash), and only those", async () => {
    await BUCKETS[1]!.put("tmp/job-a/dead-task#1/0", "left by a crash");
    await BUCKETS[1]!.put("tmp/job-a/dead-task#1/1", "left by a crash");
    await BUCKETS[1]!.put("tmp/job-b/live-task#2/0", "in use");
    await BUCKETS[2]!.put("tmp/job-c/other-shard#1/0", "another shard's");
    const stub = env.SHARD.getByName("shard-1") as DurableObjectStub<ShardDO>;
    await runInDurableObject(stub, async (instance: ShardDO) => {
      const inner = instance as unknown as { running: Set<string>; lastSweep: number };
      inner.lastSweep = 0; // as in a new incarnation: an earlier test's job may have swept a moment ago
      inner.running.add("live-task#2");
      await instance.alarm();
      inner.running.delete("live-task#2");
    });
    expect(await tmpKeys()).toEqual(["1:tmp/job-b/live-task#2/0", "2:tmp/job-c/other-shard#1/0"]);
    await BUCKETS[1]!.delete("tmp/job-b/live-task#2/0");
    await BUCKETS[2]!.delete("tmp/job-c/other-shard#1/0");
  });
});
