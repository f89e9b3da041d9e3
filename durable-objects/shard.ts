/** ShardDO — the per-shard agent that runs map tasks beside its bucket (placeholder until the jobs engine lands). */
import { DurableObject } from "cloudflare:workers";

export class ShardDO extends DurableObject<Env> {}
