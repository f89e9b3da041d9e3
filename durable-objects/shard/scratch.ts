/**
 * The storage behind a task's /tmp (sandbox/guest/scratch.ts): blocks the guest names, kept
 * in this shard's own bucket under the attempt's prefix (storage/shards.ts scratchPrefix).
 * Reclaiming:
 *  - when the attempt ends, `reclaim` deletes what it wrote (and whatever the prefix holds);
 *  - after a crash nothing ran `reclaim`: the ShardDO's first alarm of each incarnation
 *    (`sweepScratch`) deletes every prefix that no task of this incarnation is using, since
 *    an attempt runs only inside the incarnation that started it.
 */
import { SCRATCH_ROOT, scratchPrefix } from "../../storage/shards.ts";
import type { ScratchCall, ScratchOp } from "../../sandbox/protocol.ts";

const NAME = /^[0-9a-z]{1,32}$/;

export class TaskScratch {
  private readonly prefix: string;
  private readonly live = new Set<string>();
  private closed = false;

  constructor(
    private readonly bucket: R2Bucket,
    jobId: string,
    taskKey: string,
  ) {
    this.prefix = scratchPrefix(jobId, taskKey);
  }

  readonly call: ScratchCall = async (op: ScratchOp) => {
    if (this.closed) throw new Error("the task has ended");
    if (op.op === "drop") {
      const keys = op.names.filter((n) => NAME.test(n) && this.live.delete(n)).map((n) => this.prefix + n);
      if (keys.length) await this.bucket.delete(keys);
      return null;
    }
    if (!NAME.test(op.name)) throw new Error(`bad scratch block name "${op.name}"`);
    const key = this.prefix + op.name;
    if (op.op === "put") {
      this.live.add(op.name);
      await this.bucket.put(key, op.bytes);
      return null;
    }
    const obj = await this.bucket.get(key, { range: { offset: op.offset, length: op.length } });
    return obj ? new Uint8Array(await obj.arrayBuffer()) : null;
  };

  /** The attempt ended: nothing of its /tmp survives it. */
  async reclaim(): Promise<void> {
    this.closed = true;
    const keys = [...this.live].map((n) => this.prefix + n);
    this.live.clear();
    for (let i = 0; i < keys.length; i += 1000) await this.bucket.delete(keys.slice(i, i + 1000));
    await deletePrefix(this.bucket, this.prefix, () => true);
  }
}

async function deletePrefix(bucket: R2Bucket, prefix: string, doomed: (key: string) => boolean): Promise<number> {
  let deleted = 0;
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, limit: 1000, ...(cursor ? { cursor } : {}) });
    const keys = page.objects.map((o) => o.key).filter(doomed);
    if (keys.length) await bucket.delete(keys);
    deleted += keys.length;
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return deleted;
}

/**
 * Deletes the /tmp blocks of every attempt not in `running` (`taskId#attempt` keys): the
 * leftovers of attempts a crash or restart cut short. Answers how many blocks went.
 */
export function sweepScratch(bucket: R2Bucket, running: ReadonlySet<string>): Promise<number> {
  return deletePrefix(bucket, SCRATCH_ROOT, (key) => {
    const taskKey = key.slice(SCRATCH_ROOT.length).split("/")[1];
    return taskKey === undefined || !running.has(taskKey);
  });
}
