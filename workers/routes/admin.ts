/** Operator API under /_mobula: readiness, accounts/keys and language runtimes (Bearer operator token). */
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import { MantaError, unwrap } from "../../core/errors.ts";
import type { AppEnv } from "../env.ts";
import { readJsonBody } from "../body.ts";
import { jsonResponse } from "../http.ts";
import { cpuPolicy, taskLimits } from "../../core/jobs/limits.ts";
import { runTask } from "../../sandbox/run-task.ts";
import { accounts } from "../../namespace/index.ts";
import { RUNTIMES, runtimeSpec } from "../../sandbox/runtimes/catalog.ts";
import { describeRuntime, installRuntime } from "../../sandbox/runtimes/load.ts";
import { isWasm, sha256Hex } from "../../sandbox/user-programs.ts";

/** ruby.wasm with its standard library is ~30 MB; room for a bigger build. */
const MAX_RUNTIME_BYTES = 256 * 1024 * 1024;

export const admin = new Hono<AppEnv>();

const KeyBody = z.object({ key: z.string().min(1).max(16384) });
const AccountBody = KeyBody.extend({ login: z.string().min(1).max(64) });

function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

const operatorOnly = createMiddleware<AppEnv>(async (c, next) => {
  const token: string = c.env.OPERATOR_TOKEN;
  const given = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1]?.trim();
  if (!token) throw new MantaError("AuthorizationFailed", "the operator API is disabled: no OPERATOR_TOKEN is set");
  if (!given) throw new MantaError("AuthorizationRequired", "operator token required (Authorization: Bearer ...)");
  if (!timingSafeEqual(given, token)) throw new MantaError("AuthorizationFailed", "operator token is not valid");
  c.set("caller", { login: null, via: "operator" });
  await next();
});

const body = <T>(req: Request, schema: z.ZodType<T, z.ZodTypeDef, unknown>) => readJsonBody(req, schema, { notJson: "BadRequest", invalid: "InvalidArgument" });

admin.get("/ping", (c) => c.text("ok"));
admin.use("/accounts/*", operatorOnly);
admin.use("/accounts", operatorOnly);
admin.use("/sandbox/*", operatorOnly);
admin.use("/runtimes/*", operatorOnly);
admin.use("/runtimes", operatorOnly);

admin.get("/accounts", async (c) => jsonResponse({ accounts: await accounts(c.env).list() }, 200));

admin.post("/accounts", async (c) => {
  const { login, key } = await body(c.req.raw, AccountBody);
  const { account } = unwrap(await accounts(c.env).addAccount(login, key));
  return jsonResponse(account, 201);
});

admin.post("/accounts/:login/keys", async (c) => {
  const { key } = await body(c.req.raw, KeyBody);
  const { account } = unwrap(await accounts(c.env).addKey(c.req.param("login"), key));
  return jsonResponse(account, 201);
});

// Runs one exec line in the sandbox with the request body on stdin (operators: diagnostics and the bench).
admin.post("/sandbox/run", async (c) => {
  const exec = c.req.query("exec");
  if (!exec) throw new MantaError("InvalidArgument", "exec query parameter is required");
  const stdout = new TransformStream<Uint8Array, Uint8Array>();
  const stderr = new TransformStream<Uint8Array, Uint8Array>();
  const out = new Response(stdout.readable).text();
  const err = new Response(stderr.readable).text();
  const limits = taskLimits({ type: "map", exec }, Number(c.req.header("content-length") ?? 0) || 0, cpuPolicy(c.env));
  const result = await runTask(c.env, { exec, env: {}, stdin: c.req.raw.body, limits }, { stdout: stdout.writable, stderr: stderr.writable });
  return jsonResponse({ ...result, stdout: await out, stderr: await err }, 200);
});

admin.get("/runtimes", async (c) => {
  const runtimes = await Promise.all(Object.values(RUNTIMES).map(async (spec) => ({ name: spec.name, installed: await describeRuntime(c.env, spec) })));
  return jsonResponse({ runtimes }, 200);
});

// Installs a language runtime's WASI module (the body), replacing any installed one.
admin.put("/runtimes/:name", async (c) => {
  const spec = runtimeSpec(c.req.param("name"));
  if (!spec) throw new MantaError("ResourceNotFound", `no runtime named ${c.req.param("name")} (known: ${Object.keys(RUNTIMES).join(", ")})`);
  const declared = Number(c.req.header("content-length"));
  if (!Number.isSafeInteger(declared) || declared <= 0) throw new MantaError("ContentLengthRequired", "a runtime upload needs a content-length");
  if (declared > MAX_RUNTIME_BYTES) throw new MantaError("MaxContentLengthExceeded", `a runtime may be at most ${MAX_RUNTIME_BYTES} bytes`);
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.length !== declared) throw new MantaError("UploadAbandoned", "the request body ended before it was complete");
  if (!isWasm(bytes)) throw new MantaError("InvalidArgument", "a runtime must be a WebAssembly module");
  const sha256 = await sha256Hex(bytes);
  await installRuntime(c.env, spec, bytes, sha256);
  return jsonResponse({ name: spec.name, installed: { sha256, size: bytes.length } }, 201);
});

admin.delete("/accounts/:login/keys/:fingerprint", async (c) => {
  unwrap(await accounts(c.env).removeKey(c.req.param("login"), decodeURIComponent(c.req.param("fingerprint"))));
  return c.body(null, 204);
});
