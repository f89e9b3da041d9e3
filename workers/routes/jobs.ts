/**
 * The jobs API (manta.md §7.1). Mounted before the storage routes: a plain
 * `GET /LOGIN/jobs` listing and everything under `/LOGIN/jobs/ID/` that is not
 * `live/*` (job.json, out.txt, stor/...) are ordinary storage paths.
 */
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { createJob } from "../jobs/create.ts";
import { listFilteredJobs } from "../jobs/list.ts";
import { addInputs, cancelJob, endInput, jobLines, jobStatus } from "../jobs/live.ts";
import { authenticate, authorize, resolveTarget } from "../middleware/authenticate.ts";

export const jobs = new Hono<AppEnv>();

const auth = [authenticate, resolveTarget, authorize] as const;

jobs.post("/:login/jobs", ...auth, createJob);
jobs.get("/:login/jobs", listFilteredJobs);
jobs.post("/:login/jobs/:id/live/in", ...auth, addInputs);
jobs.post("/:login/jobs/:id/live/in/end", ...auth, endInput);
jobs.post("/:login/jobs/:id/live/cancel", ...auth, cancelJob);
jobs.get("/:login/jobs/:id/live/status", ...auth, jobStatus);
jobs.get("/:login/jobs/:id/live/in", ...auth, jobLines("in"));
jobs.get("/:login/jobs/:id/live/out", ...auth, jobLines("out"));
jobs.get("/:login/jobs/:id/live/fail", ...auth, jobLines("fail"));
jobs.get("/:login/jobs/:id/live/err", ...auth, jobLines("err"));
