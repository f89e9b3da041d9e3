/** Dropping a name's reference to its blob: after the name is gone, never before. */
import type { BlobRef } from "../../core/entry.ts";
import { blobRefs } from "../services.ts";

export function releaseBlob(env: Env, ctx: { waitUntil(p: Promise<unknown>): void }, blob: BlobRef | null): void {
  if (!blob) return;
  ctx.waitUntil(blobRefs(env, blob.id).release(blob).then(() => undefined));
}
