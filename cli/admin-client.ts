// The operator API (/_mobula/accounts…) over plain node:http(s), so MANTA_TLS_INSECURE can
// accept the self-signed certificate of a local MOBULA_TLS=1 server.
import http from "node:http";
import https from "node:https";
import type { Target } from "./config.ts";
import type { z } from "zod";
import type { AccountInfo } from "../core/wire/accounts.ts";
import { CliError } from "./errors.ts";

export type { KeyInfo } from "../core/wire/accounts.ts";
export type Account = AccountInfo;

/** A runtime upload (tens of MB) stores the module in R2 before answering. */
const REQUEST_TIMEOUT_MS = 120_000;

export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** One operator API call; a 2xx answer is checked against `schema` (the server's own wire type). */
export function request<T>(target: Target, method: string, path: string, schema: z.ZodType<T, z.ZodTypeDef, unknown> | null, body?: unknown): Promise<T> {
  const url = new URL(path, target.url);
  // A Buffer goes as it is (a runtime's wasm); anything else as JSON.
  const binary = Buffer.isBuffer(body);
  const payload = body === undefined ? undefined : binary ? body : Buffer.from(JSON.stringify(body));
  const lib = url.protocol === "https:" ? https : http;
  return new Promise<T>((resolve, reject) => {
    const req = lib.request(url, {
      method,
      rejectUnauthorized: !target.insecure,
      timeout: REQUEST_TIMEOUT_MS,
      headers: {
        authorization: `Bearer ${target.token}`,
        accept: "application/json",
        ...(payload ? { "content-type": binary ? "application/wasm" : "application/json", "content-length": payload.length } : {}),
      },
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
    req.on("error", (err: NodeJS.ErrnoException) => {
      const hint =
        err.code === "ECONNREFUSED"
          ? " (is `npm start` running? MANTA_URL sets the address)"
          : /CERT|SELF_SIGNED/.test(err.code ?? "")
            ? " (a self-signed MOBULA_TLS certificate? set MANTA_TLS_INSECURE=1 or NODE_EXTRA_CA_CERTS=<state>/tls/cert.pem)"
            : "";
      reject(new CliError(`cannot reach Mobula at ${target.url.origin}: ${err.code ?? err.message}${hint}`));
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (d: Buffer) => chunks.push(d));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const status = res.statusCode ?? 0;
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        if (status >= 200 && status < 300) {
          if (!schema) return resolve(undefined as T);
          const parsed = schema.safeParse(json);
          if (parsed.success) return resolve(parsed.data);
          return reject(new CliError(`unexpected answer from ${target.url.origin}${path}: ${parsed.error.issues[0]?.message ?? "invalid"}`));
        }
        const err = json as { code?: string; message?: string } | undefined;
        reject(new ApiError(status, err?.code ?? `HTTP${status}`, `${err?.code ?? `HTTP ${status}`}: ${err?.message ?? (text.slice(0, 200) || res.statusMessage)}`));
      });
    });
    req.end(payload);
  });
}
