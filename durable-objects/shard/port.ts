/** How a JobDO reaches ShardDO k: through the ShardPort contract, not the class. */
import type { ShardPort } from "../../core/jobs/protocol.ts";

export function shardPort(env: Env, k: number): ShardPort {
  return env.SHARD.getByName(`shard-${k}`) as unknown as ShardPort;
}
