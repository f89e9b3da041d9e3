/** The live job API: inputs in, end, cancel, status, and the in/out/fail/err line listings. */
import type { Context } from "hono";
import { MantaError, unwrap } from "../../core/errors.ts";
import { splitInputLines } from "../../core/jobs/naming.ts";
import { liveErrorLine, type TaskErrorRecord } from "../../core/jobs/records.ts";
import { jobStub } from "../../durable-objects/job/job.ts";
import type { LineKind } from "../../durable-objects/job/store.ts";
import type { AppEnv } from "../env.ts";
import { jsonResponse } from "../http.ts";
import { TaskErrorRecordSchema } from "../../core/wire/jobs.ts";

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PAGE = 1000;
const MAX_INPUT_BODY = 8 * 1024 * 1024;

function job(c: Context<AppEnv>): { login: string; id: string } {
  const login = c.get("target").login;
  const id = c.req.param("id") ?? "";
  if (!JOB_ID.test(id)) throw new MantaError("ResourceNotFound", `/${login}/jobs/${id} was not found`);
  return { login, id };
}

export async function addInputs(c: Context<AppEnv>): Promise<Response> {
  const { login, id } = job(c);
  const length = Number(c.req.header("content-length") ?? "0");
  if (length > MAX_INPUT_BODY) throw new MantaError("MaxContentLengthExceeded", `at most ${MAX_INPUT_BODY} bytes of inputs per request`);
  const paths = splitInputLines(await c.req.text());
  const end = new URL(c.req.url).searchParams.get("end") === "true";
  unwrap(await jobStub(c.env, id).addInputs(login, id, paths, end));
  return c.body(null, 204);
}

export async function endInput(c: Context<AppEnv>): Promise<Response> {
  const { login, id } = job(c);
  unwrap(await jobStub(c.env, id).endInput(login, id));
  return c.body(null, 202);
}

export async function cancelJob(c: Context<AppEnv>): Promise<Response> {
  const { login, id } = job(c);
  unwrap(await jobStub(c.env, id).cancel(login, id));
  return c.body(null, 202);
}

export async function jobStatus(c: Context<AppEnv>): Promise<Response> {
  const { login, id } = job(c);
  const { job: json } = unwrap(await jobStub(c.env, id).status(login, id));
  return jsonResponse(json, 200);
}

/** live/in|out|fail (text/plain, one path per line) and live/err (one JSON error per line), streamed page by page. */
export function jobLines(kind: LineKind) {
  return async (c: Context<AppEnv>): Promise<Response> => {
    const { login, id } = job(c);
    const stub = jobStub(c.env, id);
    const first = unwrap(await stub.lines(login, id, kind, 0, PAGE)).rows; // 404 before any byte is sent
    const render = kind === "err" ? (v: string) => JSON.stringify(liveErrorLine(TaskErrorRecordSchema.parse(JSON.parse(v)))) : (v: string) => v;
    const enc = new TextEncoder();
    let rows = first;
    const body = new ReadableStream<Uint8Array>({
      async pull(ctrl) {
        if (rows.length === 0) return ctrl.close();
        ctrl.enqueue(enc.encode(rows.map((r) => render(r.value) + "\n").join("")));
        const after = rows[rows.length - 1]!.seq;
        rows = rows.length < PAGE ? [] : unwrap(await stub.lines(login, id, kind, after, PAGE)).rows;
      },
    });
    const type = kind === "err" ? "application/x-json-stream; type=job-error" : "text/plain";
    return new Response(body, { status: 200, headers: { "content-type": type } });
  };
}
