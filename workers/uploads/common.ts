/** Shared steps of the multipart-upload routes. */
import type { z } from "zod";
import { MantaError } from "../../core/errors.ts";
import { readJsonBody } from "../body.ts";
import type { UploadRecord } from "../../core/wire/mpu.ts";
import { upload } from "../../namespace/index.ts";

const UPLOAD_BODY = { notJson: "MultipartUploadInvalidArgument", invalid: "MultipartUploadInvalidArgument" } as const;

/** An mmpu body: anything wrong with it is MultipartUploadInvalidArgument, as in muskie. */
export function readJson<T>(req: Request, schema: z.ZodType<T, z.ZodTypeDef, unknown>): Promise<T> {
  return readJsonBody(req, schema, UPLOAD_BODY);
}

export async function loadUpload(env: Env, login: string, id: string): Promise<UploadRecord> {
  const u = await upload(env, id).get();
  if (!u || u.login !== login) throw new MantaError("ResourceNotFound", `/${login}/uploads/${id} was not found`);
  return u;
}

export const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
