/**
 * The job body, as marlin's schema validated it (manta.md §7.3): additional
 * properties are refused, phases default to `map`, reduce alone takes `count`.
 * Phases are echoed back as submitted (with `type` filled in), so the schema
 * keeps exactly the fields the client sent.
 */
import { z } from "zod";
import { MantaError } from "../errors.ts";

export const MEMORY_MIB = [128, 256, 512, 1024, 2048, 4096, 8192] as const;
export const DISK_GIB = [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] as const;
export const MAX_REDUCERS = 128;
export const MAX_PHASES = 32;
export const MAX_ASSETS = 128;

const oneOf = (allowed: readonly number[], what: string) =>
  z.number().refine((n) => allowed.includes(n), { message: `${what} must be one of ${allowed.join(", ")}` });

export const PhaseSchema = z
  .object({
    type: z.enum(["map", "reduce"]).default("map"),
    exec: z.string().min(1, "exec must not be empty").refine((s) => s.trim().length > 0, "exec must not be blank"),
    init: z.string().optional(),
    assets: z.array(z.string().min(1).startsWith("/", "asset paths must be absolute")).max(MAX_ASSETS).optional(),
    count: z.number().int("count must be an integer").min(1).max(MAX_REDUCERS).optional(),
    memory: oneOf(MEMORY_MIB, "memory").optional(),
    disk: oneOf(DISK_GIB, "disk").optional(),
    image: z.string().optional(),
    uarg: z.record(z.unknown()).optional(),
  })
  .strict()
  .refine((p) => p.count === undefined || p.type === "reduce", { message: "count is only allowed on reduce phases", path: ["count"] });

export const JobSpecSchema = z
  .object({
    name: z.string().max(512).default(""),
    phases: z.array(PhaseSchema).min(1, "a job needs at least one phase").max(MAX_PHASES),
    transient: z.boolean().optional(),
  })
  .strict();

export type Phase = z.infer<typeof PhaseSchema>;
export type JobSpec = z.infer<typeof JobSpecSchema>;

function describe(issue: z.ZodIssue): string {
  const where = issue.path.length ? issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("").replace(/^\./, "") : "job";
  if (issue.code === "unrecognized_keys") return `${where}: unsupported propert${issue.keys.length > 1 ? "ies" : "y"} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  return `${where}: ${issue.message}`;
}

/** Validate a parsed JSON body; any violation is a 400 InvalidJob naming the offending field. */
export function parseJobSpec(body: unknown): JobSpec {
  const parsed = JobSpecSchema.safeParse(body);
  if (!parsed.success) throw new MantaError("InvalidJob", `job is invalid: ${parsed.error.issues.map(describe).join("; ")}`);
  return parsed.data;
}

/** Phase settings with Manta's defaults filled in (memory MiB, disk GiB, reducer count). */
export function phaseDefaults(p: Phase): { memory: number; disk: number; count: number } {
  return { memory: p.memory ?? 1024, disk: p.disk ?? 8, count: p.type === "reduce" ? (p.count ?? 1) : 0 };
}
