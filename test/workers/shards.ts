/** Looking at the R2 shard buckets behind the store's back, and waiting for work done after a response. */
import { env } from "cloudflare:workers";

export const BUCKETS = [env.SHARD_0, env.SHARD_1, env.SHARD_2, env.SHARD_3];

/** The shards holding a copy of the blob `etag` (a blob's id is its object's etag). */
export async function copiesOf(etag: string): Promise<number[]> {
  const found: number[] = [];
  for (const [i, b] of BUCKETS.entries()) if (await b.head(`blobs/${etag}`)) found.push(i);
  return found;
}

/** Every key in every shard bucket, as `shard:key`. */
export async function shardKeys(): Promise<string[]> {
  const keys: string[] = [];
  for (const [i, b] of BUCKETS.entries()) {
    let cursor: string | undefined;
    do {
      const page = await b.list(cursor ? { cursor } : {});
      keys.push(...page.objects.map((o) => `${i}:${o.key}`));
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor);
  }
  return keys.sort();
}

/** Blob release runs after the response (waitUntil): poll for its effect, with a deadline. */
export async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}
