/** Shared steps of the multipart-upload routes. */
import type { z } from "zod";
import { MantaError } from "../../core/errors.ts";
import type { UploadRecord } from "../../core/wire/mpu.ts";
import { upload } from "../../namespace/index.ts";

export async function readJson<T>(req: Request, schema: z.ZodType<T>): Promise<T> {
  let json: unknown;
  try {
    json = await req.json();
  } catch {
    throw new MantaError("MultipartUploadInvalidArgument", "request body must be JSON");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new MantaError("MultipartUploadInvalidArgument", parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
  }
  return parsed.data;
}

export async function loadUpload(env: Env, login: string, id: string): Promise<UploadRecord> {
  const u = await upload(env, id).get();
  if (!u || u.login !== login) throw new MantaError("ResourceNotFound", `/${login}/uploads/${id} was not found`);
  return u;
}

export const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
