/**
 * A task the JobDO marked dispatched but its ShardDO never stored — the state a kill -9
 * leaves between the two commits — is noticed when the JobDO asks the shard what it holds,
 * and runs again within seconds, not after the task's wall-clock limit.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { JobDO } from "../../durable-objects/job/job.ts";
import { makeUser } from "./helpers.ts";
import { lines, newJob, putText, waitDone } from "./jobs-helpers.ts";

type Internals = { store: import("../../durable-objects/job/store.ts").JobStore };

describe("lost assignments", async () => {
  const hana = await makeUser("hana");

  it("a dispatch the shard never stored is re-sent within seconds", async () => {
    await putText(hana, "/hana/stor/in", "one\ntwo\n");
    const id = await newJob(hana, { phases: [{ exec: "wc -l" }] });
    const stub = env.JOB.getByName(id) as DurableObjectStub<JobDO>;
    await runInDurableObject(stub, async (instance: JobDO, state) => {
      const { store } = instance as unknown as Internals;
      const job = store.job()!;
      store.addInput("/hana/stor/in");
      const task = store.addTask({ phase: 0, kind: "map", input: "/hana/stor/in", p0input: "/hana/stor/in", reducer: null });
      // Dispatched to shard 0 ten seconds ago; shard 0 never heard of it.
      store.setTask(task, { state: "dispatched", shard: 0, dispatched_at: Date.now() - 10_000 });
      job.stats.tasks++;
      job.inputDone = true;
      store.saveJob(job);
      await state.storage.setAlarm(Date.now());
    });
    const job = await waitDone(hana, id, 15_000);
    expect(job.stats).toMatchObject({ tasks: 1, tasksDone: 1, errors: 0, outputs: 1 });
    const [out] = await lines(hana, id, "out");
    expect(out).toMatch(/^\/hana\/jobs\/.*\/stor\/hana\/stor\/in\.0\./);
  });
});
