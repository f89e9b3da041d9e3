/** Multipart-upload wire types (muskie lib/uploads): create and commit bodies, and the upload record. */
import { z } from "zod";

export const CreateUploadSchema = z.object({
  objectPath: z.string().min(1),
  // mmpu sends numbers as numbers ("durability-level": 1, "content-length": 6).
  headers: z.record(z.union([z.string(), z.number()])).optional(),
});
export type CreateUpload = z.infer<typeof CreateUploadSchema>;

// muskie: at most 800 parts (part numbers 0-799).
export const CommitUploadSchema = z.object({ parts: z.array(z.string()).max(800) });
export type CommitUpload = z.infer<typeof CommitUploadSchema>;

export const UploadRecordSchema = z.object({
  id: z.string(),
  login: z.string(),
  state: z.enum(["created", "finalizing", "done"]),
  result: z.enum(["committed", "aborted"]).optional(),
  type: z.enum(["commit", "abort"]).optional(),
  partsDirectory: z.string(),
  targetObject: z.string(),
  headers: z.record(z.string()),
  numCopies: z.number().int(),
  creationTimeMs: z.number(),
  parts: z.array(z.string()).optional(),
  partsMD5Summary: z.string().optional(),
});
export type UploadRecord = z.infer<typeof UploadRecordSchema>;

// Stored as strings; muskie answers these two as the numbers the client sent.
const NUMERIC_HEADERS = new Set(["content-length", "durability-level", "x-durability-level"]);

function wireHeaders(headers: Record<string, string>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = NUMERIC_HEADERS.has(k) && /^\d+$/.test(v) ? Number(v) : v;
  return out;
}

/** What `GET .../state` returns: partsDirectory only while the upload is open. */
export function uploadStateJSON(u: UploadRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { id: u.id, state: u.state, targetObject: u.targetObject, headers: wireHeaders(u.headers), numCopies: u.numCopies, creationTimeMs: u.creationTimeMs };
  if (u.state !== "done") out.partsDirectory = u.partsDirectory;
  if (u.state === "finalizing" && u.type) out.type = u.type;
  if (u.state === "done" && u.result) out.result = u.result;
  if (u.partsMD5Summary) out.partsMD5Summary = u.partsMD5Summary;
  return out;
}
