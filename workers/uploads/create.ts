/** CreateUpload: record the upload, make its parts directory, answer with its id. */
import type { Context } from "hono";
import { MantaError, unwrap } from "../../core/errors.ts";
import { parseRequestPath } from "../../core/paths.ts";
import { CreateUploadSchema, type UploadRecord } from "../../core/wire/mpu.ts";
import type { AppEnv } from "../env.ts";
import { jsonResponse } from "../http.ts";
import { mkdirp, upload } from "../../namespace/index.ts";
import { readJson } from "./common.ts";

const CONDITIONAL = ["if-match", "if-none-match", "if-modified-since", "if-unmodified-since"];

export async function createUpload(c: Context<AppEnv>): Promise<Response> {
  const login = c.get("target").login;
  const body = await readJson(c.req.raw, CreateUploadSchema);
  const target = parseRequestPath(body.objectPath.split("/").map(encodeURIComponent).join("/"));
  if (target.login !== login || target.segments.length < 2) {
    throw new MantaError("MultipartUploadInvalidArgument", `cannot create upload: ${body.objectPath} is not a valid object path`);
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(body.headers ?? {})) headers[k.toLowerCase()] = String(v);
  for (const h of CONDITIONAL) {
    if (headers[h] !== undefined) throw new MantaError("MultipartUploadInvalidArgument", `cannot create upload: ${h} is not supported`);
  }
  const durability = headers["durability-level"] ?? headers["x-durability-level"] ?? "2";
  const numCopies = Number(durability);
  if (!/^\d+$/.test(durability) || numCopies < 1 || numCopies > 6) {
    throw new MantaError("InvalidDurabilityLevel", "durability-level must be between 1 and 6");
  }
  // The last hex digit of the id says how long the prefix directory name is (muskie's scheme).
  const id = crypto.randomUUID().slice(0, -1) + "1";
  const prefix = id.slice(0, 1);
  const uploadsDir = `/${login}/uploads`;
  unwrap(await mkdirp(c.env, [`${uploadsDir}/${prefix}`, `${uploadsDir}/${prefix}/${id}`]));
  const record: UploadRecord = {
    id,
    login,
    state: "created",
    partsDirectory: `${uploadsDir}/${prefix}/${id}`,
    targetObject: target.path,
    headers,
    numCopies,
    creationTimeMs: Date.now(),
  };
  await upload(c.env, id).create(record);
  return jsonResponse({ id, partsDirectory: record.partsDirectory }, 201);
}
