/**
 * Internal task failures are retried twice, then reported once as InternalError.
 * While the sandbox runtime is not wired in, every run fails internally — for real,
 * not by a stub — which exercises the retry path end to end through the ShardDOs.
 */
import { describe, expect, it } from "vitest";
import { sandboxAvailable } from "../../durable-objects/shard-runner.ts";
import { makeUser } from "./helpers.ts";
import { addInputs, lines, newJob, putText, waitDone } from "./jobs-helpers.ts";

describe.skipIf(sandboxAvailable)("internal task failures without a sandbox", async () => {
  const dave = await makeUser("dave");

  it("retries a task twice, then records one InternalError and finishes the job", async () => {
    await putText(dave, "/dave/stor/in", "x\n");
    const id = await newJob(dave, { phases: [{ exec: "wc -l" }] });
    await addInputs(dave, id, ["/dave/stor/in"]);
    const job = await waitDone(dave, id);
    expect(job.stats).toMatchObject({ tasks: 1, tasksDone: 1, retries: 2, errors: 1, outputs: 0, bytesReadRemote: 0 });
    const errs = (await lines(dave, id, "err")).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(errs).toEqual([{ phase: 0, what: 'phase 0: input "/dave/stor/in"', code: "InternalError", message: "internal error", input: "/dave/stor/in", p0input: "/dave/stor/in" }]);
  });

  it("still creates the reducer of a reduce job after all map tasks failed", async () => {
    const id = await newJob(dave, { phases: [{ exec: "cat" }, { type: "reduce", exec: "wc -l", count: 2 }] });
    await addInputs(dave, id, ["/dave/stor/missing"]);
    const job = await waitDone(dave, id);
    // 1 map (no such object) + 2 reducers (each failing internally after two retries).
    expect(job.stats).toMatchObject({ tasks: 3, tasksDone: 3, errors: 3, retries: 4 });
    const errs = (await lines(dave, id, "err")).map((l) => JSON.parse(l) as { what: string; code: string });
    expect(errs.filter((e) => e.what === "phase 1: reduce")).toHaveLength(2);
  });
});
