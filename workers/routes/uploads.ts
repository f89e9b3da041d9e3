/** Multipart uploads under /LOGIN/uploads (mmpu). */
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";

export const uploads = new Hono<AppEnv>();
