/** Jobs that run real tasks in the real sandbox (skipped while the sandbox runtime is not wired in). */
import { describe, expect, it } from "vitest";
import { makeUser } from "./helpers.ts";
import { addInputs, getText, lines, newJob, putText, waitDone } from "./jobs-helpers.ts";

describe("jobs running tasks", async () => {
  const carol = await makeUser("carol");
  await putText(carol, "/carol/stor/a", "one\ntwo\nthree\n");
  await putText(carol, "/carol/stor/b", "four\n");
  await putText(carol, "/carol/stor/c", "five\nsix\n");
  const inputs = ["/carol/stor/a", "/carol/stor/b", "/carol/stor/c"];

  it("maps `wc -l` over three objects: one output each, named <input>.0.<taskId>, read only from local shards", async () => {
    const id = await newJob(carol, { phases: [{ exec: "wc -l" }] });
    await addInputs(carol, id, inputs);
    const job = await waitDone(carol, id);
    expect(job.stats).toMatchObject({ errors: 0, tasks: 3, tasksDone: 3, outputs: 3, bytesReadRemote: 0 });
    expect(job.stats.bytesReadLocal).toBeGreaterThan(0);
    const outs = await lines(carol, id, "out");
    for (const input of inputs) expect(outs.some((o) => new RegExp(`^/carol/jobs/${id}/stor${input}\\.0\\.[0-9a-f-]{36}$`).test(o))).toBe(true);
    const counts = await Promise.all(outs.map(async (o) => Number((await getText(carol, o)).trim())));
    expect(counts.sort()).toEqual([1, 2, 3]);
    expect((await getText(carol, `/carol/jobs/${id}/out.txt`)).trim().split("\n").sort()).toEqual([...outs].sort());
  });

  it("reduces map outputs into one reducer: cat then wc -l counts every line", async () => {
    const id = await newJob(carol, { phases: [{ exec: "cat" }, { type: "reduce", exec: "wc -l" }] });
    await addInputs(carol, id, inputs);
    const job = await waitDone(carol, id);
    expect(job.stats).toMatchObject({ errors: 0, tasks: 4, tasksDone: 4, outputs: 1 });
    const [out] = await lines(carol, id, "out");
    expect(out).toMatch(new RegExp(`^/carol/jobs/${id}/stor/reduce\\.1\\.[0-9a-f-]{36}$`));
    expect((await getText(carol, out!)).trim()).toBe("6");
  });

  it("partitions map outputs over two reducers, losing no line", async () => {
    const id = await newJob(carol, { phases: [{ exec: "cat" }, { type: "reduce", count: 2, exec: "wc -l" }] });
    await addInputs(carol, id, inputs);
    const job = await waitDone(carol, id);
    expect(job.stats).toMatchObject({ errors: 0, tasks: 5, outputs: 2 });
    const outs = await lines(carol, id, "out");
    const total = (await Promise.all(outs.map(async (o) => Number((await getText(carol, o)).trim())))).reduce((a, b) => a + b, 0);
    expect(total).toBe(6);
  });

  it("runs a reducer with no input at all", async () => {
    const id = await newJob(carol, { phases: [{ type: "reduce", exec: "echo hello" }] });
    await addInputs(carol, id, []);
    await waitDone(carol, id);
    const [out] = await lines(carol, id, "out");
    expect(await getText(carol, out!)).toBe("hello\n");
  });

  it("records a non-zero exit as UserTaskError with its stderr saved, and does not retry it", async () => {
    const id = await newJob(carol, { phases: [{ exec: "echo oops >&2; exit 3" }] });
    await addInputs(carol, id, ["/carol/stor/b"]);
    const job = await waitDone(carol, id);
    expect(job.stats).toMatchObject({ errors: 1, retries: 0, outputs: 0, tasksDone: 1 });
    const [err] = (await lines(carol, id, "err")).map((l) => JSON.parse(l) as Record<string, string>);
    expect(err).toMatchObject({ code: "UserTaskError", message: "user command exited with code 3", input: "/carol/stor/b" });
    expect(err!.stderr).toMatch(new RegExp(`^/carol/jobs/${id}/stor/carol/stor/b\\.0\\.err\\.[0-9a-f-]{36}$`));
    expect(await getText(carol, err!.stderr!)).toBe("oops\n");
  });
});
