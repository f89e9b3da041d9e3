/** mlogin's attach routes (manta.md §8): the master (the client) and the slave (the in-job agent). */
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { attach } from "../medusa/attach.ts";
import { authenticate } from "../middleware/authenticate.ts";

export const medusa = new Hono<AppEnv>();

medusa.get("/:login/medusa/attach/:id/:role{master|slave}", authenticate, attach);
