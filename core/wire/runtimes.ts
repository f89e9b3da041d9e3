// The operator API's answers about language runtimes (/_mobula/runtimes), shared by the
// Worker and the `mobula runtime` command.
import { z } from "zod";

export const InstalledRuntimeSchema = z.object({ sha256: z.string(), size: z.number().int().nonnegative() });

export const RuntimeInfoSchema = z.object({ name: z.string(), installed: InstalledRuntimeSchema.nullable() });
export type RuntimeInfo = z.infer<typeof RuntimeInfoSchema>;

export const RuntimeListSchema = z.object({ runtimes: z.array(RuntimeInfoSchema) });
export type RuntimeList = z.infer<typeof RuntimeListSchema>;
