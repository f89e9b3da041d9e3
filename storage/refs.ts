/** Where a blob's reference count lives: BlobRefsDO shards, keyed by the blob id's first hex digit. */
import type { BlobRefsDO } from "../durable-objects/blob-refs.ts";

export function blobRefs(env: Env, blobId: string): DurableObjectStub<BlobRefsDO> {
  return env.BLOB_REFS.getByName(`refs-${blobId.slice(0, 1)}`) as DurableObjectStub<BlobRefsDO>;
}
