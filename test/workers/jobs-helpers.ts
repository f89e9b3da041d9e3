/** Job API calls for the jobs tests: create, add inputs, poll until done (as `mjob watch` does). */
import { call, type TestUser } from "./helpers.ts";

const enc = (s: string) => new TextEncoder().encode(s);

export async function putText(user: TestUser, path: string, text: string): Promise<void> {
  const res = await call(user, "PUT", path, { headers: { "content-type": "text/plain", "content-length": String(enc(text).length) }, body: enc(text) });
  if (res.status !== 204) throw new Error(`PUT ${path}: ${res.status} ${await res.text()}`);
}

export async function createJob(user: TestUser, body: unknown): Promise<Response> {
  return call(user, "POST", `/${user.login}/jobs`, { headers: { "content-type": "application/json; type=job" }, body: JSON.stringify(body) });
}

export async function newJob(user: TestUser, body: unknown): Promise<string> {
  const res = await createJob(user, body);
  if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`);
  return res.headers.get("location")!.split("/jobs/")[1]!;
}

export async function addInputs(user: TestUser, id: string, paths: string[], end = true): Promise<Response> {
  return call(user, "POST", `/${user.login}/jobs/${id}/live/in${end ? "?end=true" : ""}`, { headers: { "content-type": "text/plain" }, body: paths.join("\r\n") });
}

export interface JobJson {
  id: string;
  state: string;
  cancelled: boolean;
  inputDone: boolean;
  stats: Record<string, number>;
  timeDone?: string;
  phases: unknown[];
}

export async function status(user: TestUser, id: string): Promise<JobJson> {
  const res = await call(user, "GET", `/${user.login}/jobs/${id}/live/status`);
  if (res.status !== 200) throw new Error(`status: ${res.status} ${await res.text()}`);
  return (await res.json()) as JobJson;
}

export async function waitDone(user: TestUser, id: string, timeoutMs = 30_000): Promise<JobJson> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = await status(user, id);
    if (job.state === "done" && (await archived(user, id))) return job;
    if (Date.now() > until) throw new Error(`job ${id} not done: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function archived(user: TestUser, id: string): Promise<boolean> {
  return (await call(user, "HEAD", `/${user.login}/jobs/${id}/job.json`)).status === 200;
}

export async function lines(user: TestUser, id: string, kind: "in" | "out" | "fail" | "err"): Promise<string[]> {
  const res = await call(user, "GET", `/${user.login}/jobs/${id}/live/${kind}`);
  if (res.status !== 200) throw new Error(`live/${kind}: ${res.status}`);
  return (await res.text()).split("\n").filter((l) => l.length > 0);
}

export async function getText(user: TestUser, path: string): Promise<string> {
  const res = await call(user, "GET", path);
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return res.text();
}
