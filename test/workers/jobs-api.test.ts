import { describe, expect, it } from "vitest";
import { call, makeUser } from "./helpers.ts";
import { addInputs, createJob, getText, lines, newJob, putText, status, waitDone } from "./jobs-helpers.ts";

describe("jobs API", async () => {
  const alice = await makeUser("alice");
  const bob = await makeUser("bob");

  it.each([
    ["no phases", { name: "", phases: [] }],
    ["a phase without exec", { phases: [{ type: "map" }] }],
    ["an empty exec", { phases: [{ exec: "" }] }],
    ["an unknown phase type", { phases: [{ exec: "wc", type: "sort" }] }],
    ["an unknown property", { phases: [{ exec: "wc", colour: "red" }] }],
    ["count on a map phase", { phases: [{ exec: "wc", count: 2 }] }],
    ["too many reducers", { phases: [{ exec: "wc", type: "reduce", count: 129 }] }],
    ["an unsupported memory size", { phases: [{ exec: "wc", memory: 300 }] }],
    ["an unsupported disk size", { phases: [{ exec: "wc", disk: 3 }] }],
    ["phases that are not a list", { phases: "wc" }],
  ])("refuses a job with %s as 400 InvalidJob", async (_why, body) => {
    const res = await createJob(alice, body);
    expect(res.status).toBe(400);
    const err = (await res.json()) as { code: string; message: string };
    expect(err.code).toBe("InvalidJob");
    expect(err.message).toMatch(/^job is invalid: /);
  });

  it("refuses a body that is not JSON as InvalidJob", async () => {
    const res = await call(alice, "POST", "/alice/jobs", { headers: { "content-type": "application/json" }, body: "{nope" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe("InvalidJob");
  });

  it("creates a job: 201, empty body, Location /LOGIN/jobs/ID, and a status with all five counters", async () => {
    const res = await createJob(alice, { phases: [{ exec: "wc -l" }] });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-length")).toBe("0");
    const location = res.headers.get("location")!;
    expect(location).toMatch(/^\/alice\/jobs\/[0-9a-f-]{36}$/);
    const id = location.split("/jobs/")[1]!;
    const job = await status(alice, id);
    expect(job).toMatchObject({ id, name: "", state: "running", cancelled: false, inputDone: false, transient: false, phases: [{ exec: "wc -l", type: "map" }] });
    expect(job.stats).toMatchObject({ errors: 0, outputs: 0, retries: 0, tasks: 0, tasksDone: 0, bytesReadRemote: 0 });
    const statusRes = await call(alice, "GET", `/alice/jobs/${id}/live/status`);
    expect(statusRes.headers.get("content-md5")).toBeTruthy();
  });

  it("makes the job's directories, so mls /LOGIN/jobs/ID shows stor/", async () => {
    const id = await newJob(alice, { phases: [{ exec: "cat" }] });
    const dir = await call(alice, "GET", `/alice/jobs/${id}`);
    expect(dir.status).toBe(200);
    expect(await dir.text()).toContain('"name":"stor","type":"directory"');
    const jobsDir = await getText(alice, "/alice/jobs?limit=1024");
    expect(jobsDir).toContain(`"name":"${id}"`);
  });

  it("keeps jobs to their owner: another account gets 403, a made-up id 404", async () => {
    const id = await newJob(alice, { phases: [{ exec: "cat" }] });
    expect((await call(bob, "GET", `/alice/jobs/${id}/live/status`)).status).toBe(403);
    expect((await call(bob, "POST", `/alice/jobs/${id}/live/cancel`, { body: "{}" })).status).toBe(403);
    expect((await call(null, "GET", `/alice/jobs/${id}/live/status`)).status).toBe(403);
    expect((await call(bob, "GET", `/bob/jobs/${id}/live/status`)).status).toBe(404);
    expect((await call(alice, "GET", `/alice/jobs/00000000-0000-4000-8000-000000000000/live/status`)).status).toBe(404);
    expect((await call(alice, "GET", `/alice/jobs/not-a-job/live/status`)).status).toBe(404);
  });

  it("records inputs split on CRLF or LF, skipping blank lines, and lists them on live/in", async () => {
    const id = await newJob(alice, { phases: [{ exec: "cat" }] });
    const res = await call(alice, "POST", `/alice/jobs/${id}/live/in`, { headers: { "content-type": "text/plain" }, body: "/alice/stor/a\r\n\r\n/alice/stor/b\n/alice/stor/c" });
    expect(res.status).toBe(204);
    expect(await lines(alice, id, "in")).toEqual(["/alice/stor/a", "/alice/stor/b", "/alice/stor/c"]);
    expect((await status(alice, id)).stats.tasks).toBe(3);
    await call(alice, "POST", `/alice/jobs/${id}/live/cancel`, { body: "{}" });
  });

  it("turns a missing input into ResourceNotFoundError and a directory into InvalidArgumentError", async () => {
    await call(alice, "PUT", "/alice/stor/adir", { headers: { "content-type": "application/json; type=directory" } });
    const id = await newJob(alice, { phases: [{ exec: "wc -l" }] });
    expect((await addInputs(alice, id, ["/alice/stor/nope", "/alice/stor/adir"])).status).toBe(204);
    const job = await waitDone(alice, id);
    expect(job.stats).toMatchObject({ errors: 2, tasks: 2, tasksDone: 2, outputs: 0 });
    const errs = (await lines(alice, id, "err")).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(errs).toContainEqual({ phase: 0, what: 'phase 0: input "/alice/stor/nope"', code: "ResourceNotFoundError", message: 'no such object: "/alice/stor/nope"', input: "/alice/stor/nope", p0input: "/alice/stor/nope" });
    expect(errs.find((e) => e.input === "/alice/stor/adir")).toMatchObject({ code: "InvalidArgumentError", message: 'objects of type "directory" are not supported: "/alice/stor/adir"' });
    expect((await lines(alice, id, "fail")).sort()).toEqual(["/alice/stor/adir", "/alice/stor/nope"]);
  });

  it("ends input with live/in/end (202, again 202) and then refuses more input as 409 inputDone", async () => {
    const id = await newJob(alice, { phases: [{ exec: "cat" }] });
    expect((await call(alice, "POST", `/alice/jobs/${id}/live/in/end`, { headers: { "content-type": "application/json" }, body: "{}" })).status).toBe(202);
    const more = await addInputs(alice, id, ["/alice/stor/x"], false);
    expect(more.status).toBe(409);
    // With no input the job may already be done by now; either way the state is named.
    expect(((await more.json()) as { code: string; message: string }).message).toMatch(new RegExp(`^job ${id} is in state '(inputDone|done)'$`));
    const job = await waitDone(alice, id);
    expect(job.inputDone).toBe(true);
    expect(job.timeDone).toBeDefined();
    expect((await call(alice, "POST", `/alice/jobs/${id}/live/in/end`, { body: "{}" })).status).toBe(409);
  });

  it("cancels: state done, cancelled, no new tasks, and a second cancel is 409 'cancelled'", async () => {
    const id = await newJob(alice, { phases: [{ exec: "cat" }] });
    await addInputs(alice, id, ["/alice/stor/a", "/alice/stor/b"], false);
    expect((await call(alice, "POST", `/alice/jobs/${id}/live/cancel`, { headers: { "content-type": "application/json" }, body: "{}" })).status).toBe(202);
    const job = await waitDone(alice, id);
    expect(job).toMatchObject({ state: "done", cancelled: true, inputDone: true });
    const again = await call(alice, "POST", `/alice/jobs/${id}/live/cancel`, { body: "{}" });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { message: string }).message).toBe(`job ${id} is in state 'cancelled'`);
    expect((await addInputs(alice, id, ["/alice/stor/c"])).status).toBe(409);
  });

  it("lists running jobs with ?state=running as x-json-stream type=job, and refuses other states", async () => {
    const id = await newJob(alice, { name: "listme", phases: [{ exec: "cat" }] });
    const res = await call(alice, "GET", "/alice/jobs?state=running");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-json-stream; type=job");
    const listed = (await res.text()).trim().split("\n").map((l) => JSON.parse(l) as { name: string; type: string });
    expect(listed).toContainEqual(expect.objectContaining({ name: id, type: "directory" }));
    expect(await (await call(alice, "GET", "/alice/jobs?name=listme")).text()).toContain(id);
    expect((await call(alice, "GET", "/alice/jobs?state=bogus")).status).toBe(400);
    await call(alice, "POST", `/alice/jobs/${id}/live/cancel`, { body: "{}" });
    await waitDone(alice, id);
    expect(await (await call(alice, "GET", "/alice/jobs?state=running")).text()).not.toContain(id);
  });

  it("archives job.json, in.txt, out.txt, err.txt and fail.txt as objects when the job is done", async () => {
    await putText(alice, "/alice/stor/arch", "x\n");
    const id = await newJob(alice, { phases: [{ exec: "cat" }] });
    await addInputs(alice, id, ["/alice/stor/missing"]);
    await waitDone(alice, id);
    const listing = await getText(alice, `/alice/jobs/${id}`);
    for (const f of ["err.txt", "fail.txt", "in.txt", "job.json", "out.txt", "stor"]) expect(listing).toContain(`"name":"${f}"`);
    expect(await getText(alice, `/alice/jobs/${id}/in.txt`)).toBe("/alice/stor/missing\n");
    expect(await getText(alice, `/alice/jobs/${id}/fail.txt`)).toBe("/alice/stor/missing\n");
    const err = JSON.parse((await getText(alice, `/alice/jobs/${id}/err.txt`)).trim()) as Record<string, unknown>;
    expect(err).toMatchObject({ phaseNum: 0, code: "ResourceNotFoundError", input: "/alice/stor/missing", what: 'phase 0: input "/alice/stor/missing"' });
    expect(typeof err.taskId).toBe("string");
    const job = JSON.parse(await getText(alice, `/alice/jobs/${id}/job.json`)) as { id: string; state: string };
    expect(job).toMatchObject({ id, state: "done" });
    const head = await call(alice, "GET", `/alice/jobs/${id}/err.txt`);
    expect(head.headers.get("content-type")).toBe("application/x-json-stream; type=job-error");
  });
});
