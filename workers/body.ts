/**
 * The one request-body reader: JSON, then its zod schema. Each route says which
 * Manta code a bad body is (muskie answers InvalidJob for a job,
 * MultipartUploadInvalidArgument for an upload, ...); the message names the field.
 */
import type { z } from "zod";
import { MantaError, type MantaCode } from "../core/errors.ts";

export interface BodyErrors {
  /** A body that is not JSON at all. */
  notJson: MantaCode;
  /** JSON that breaks the schema. */
  invalid: MantaCode;
  /** What the message calls the body ("job", "request body", ...). */
  what?: string;
}

export async function readJsonBody<T>(req: Request, schema: z.ZodType<T, z.ZodTypeDef, unknown>, errors: BodyErrors): Promise<T> {
  const what = errors.what ?? "request body";
  let json: unknown;
  try {
    json = JSON.parse(await req.text());
  } catch {
    throw new MantaError(errors.notJson, `${what} must be JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new MantaError(errors.invalid, parsed.error.issues.map((i) => `${i.path.join(".") || what}: ${i.message}`).join("; "));
  }
  return parsed.data;
}
