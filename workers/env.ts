/** The front Worker's Hono generics: bindings come from the generated `Env`, request state is typed here. */
import type { MantaPath } from "../core/paths.ts";

export interface Caller {
  login: string | null; // null = anonymous
  via: "signature" | "presigned" | "anonymous" | "operator" | "task";
}

export interface Vars {
  requestId: string;
  startedAt: number;
  caller: Caller;
  target: MantaPath;
  /** True when the local edge asks whether an upload would be accepted (no body sent yet). */
  preflight: boolean;
}

export type AppEnv = { Bindings: Env; Variables: Vars };
