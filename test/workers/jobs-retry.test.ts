/**
 * Internal task failures are retried twice, then reported once as InternalError.
 * The failure is real: every copy of the input's blob is removed from the R2
 * shards behind the store's back, so the ShardDO cannot read it.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, makeUser } from "./helpers.ts";
import { addInputs, lines, newJob, putText, waitDone } from "./jobs-helpers.ts";

async function loseEveryCopy(user: Parameters<typeof call>[0], path: string): Promise<void> {
  const etag = (await call(user, "HEAD", path)).headers.get("etag")!;
  for (const b of [env.SHARD_0, env.SHARD_1, env.SHARD_2, env.SHARD_3]) await b.delete(`blobs/${etag}`);
}

describe("internal task failures", async () => {
  const dave = await makeUser("dave");

  it("retries a task twice, then records one InternalError and finishes the job", async () => {
    await putText(dave, "/dave/stor/in", "x\n");
    await loseEveryCopy(dave, "/dave/stor/in");
    const id = await newJob(dave, { phases: [{ exec: "wc -l" }] });
    await addInputs(dave, id, ["/dave/stor/in"]);
    const job = await waitDone(dave, id);
    expect(job.stats).toMatchObject({ tasks: 1, tasksDone: 1, retries: 2, errors: 1, outputs: 0, bytesReadRemote: 0 });
    const errs = (await lines(dave, id, "err")).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(errs).toEqual([{ phase: 0, what: 'phase 0: input "/dave/stor/in"', code: "InternalError", message: "internal error", input: "/dave/stor/in", p0input: "/dave/stor/in" }]);
  });

  it("still runs both reducers of a reduce job whose only map task failed", async () => {
    const id = await newJob(dave, { phases: [{ exec: "cat" }, { type: "reduce", exec: "wc -l", count: 2 }] });
    await addInputs(dave, id, ["/dave/stor/missing"]);
    const job = await waitDone(dave, id);
    // 1 map (no such object) + 2 reducers that run on empty input.
    expect(job.stats).toMatchObject({ tasks: 3, tasksDone: 3, errors: 1, outputs: 2 });
  });
});
