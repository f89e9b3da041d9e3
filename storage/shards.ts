/** The R2 buckets acting as storage shards, and where blobs live in them. */
export interface ShardEnv {
  MOBULA_SHARDS: string;
  SHARD_0: R2Bucket;
  SHARD_1: R2Bucket;
  SHARD_2: R2Bucket;
  SHARD_3: R2Bucket;
}

export function shardCount(env: ShardEnv): number {
  const n = Number(env.MOBULA_SHARDS);
  return Number.isInteger(n) && n > 0 ? n : 4;
}

export function shardBucket(env: ShardEnv, index: number): R2Bucket {
  const bucket = (env as unknown as Record<string, R2Bucket | undefined>)[`SHARD_${index}`];
  if (!bucket) throw new Error(`no R2 binding SHARD_${index}`);
  return bucket;
}

/** The only place blob keys are built. */
export function blobKey(id: string): string {
  return `blobs/${id}`;
}

/**
 * Where a task's /tmp blocks live in the bucket of the shard running it: one prefix per
 * task attempt (`taskKey` is the ShardDO's `taskId#attempt`), deleted when the attempt ends.
 */
export const SCRATCH_ROOT = "tmp/";
export function scratchPrefix(jobId: string, taskKey: string): string {
  return `${SCRATCH_ROOT}${jobId}/${taskKey}/`;
}

/** `copies` distinct shards, starting at a random one, so load spreads evenly. */
export function pickShards(env: ShardEnv, copies: number): number[] {
  const n = shardCount(env);
  const start = Math.floor(Math.random() * n);
  return Array.from({ length: Math.min(copies, n) }, (_, i) => (start + i) % n);
}
