/** BlobRef on the wire: stored in DirectoryDO rows and carried in task assignments. */
import { z } from "zod";
import type { BlobRef } from "../entry.ts";

export type { BlobRef };

/** User headers stored with an entry (m-*, CORS, cache-control, ...). */
export const UserHeadersSchema = z.record(z.string());

export const BlobRefSchema: z.ZodType<BlobRef> = z.lazy(() =>
  z.object({
    id: z.string().min(1),
    shards: z.array(z.number().int().nonnegative()),
    size: z.number().int().nonnegative(),
    parts: z.array(BlobRefSchema).optional(),
  }),
);
