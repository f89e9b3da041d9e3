/** JobDO — per-job state and alarms (placeholder until the jobs engine lands). */
import { DurableObject } from "cloudflare:workers";

export class JobDO extends DurableObject<Env> {}
