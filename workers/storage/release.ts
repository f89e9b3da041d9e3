/** A request drops a name's blob reference after its response, through waitUntil (namespace releaseBlob). */
import type { BlobRef } from "../../core/entry.ts";
import { releaseBlob, type Defer } from "../../namespace/index.ts";

export function deferTo(ctx: { waitUntil(p: Promise<unknown>): void }): Defer {
  return (work) => ctx.waitUntil(work);
}

export function releaseLater(env: Env, ctx: { waitUntil(p: Promise<unknown>): void }, blob: BlobRef | null): void {
  void releaseBlob(env, blob, deferTo(ctx));
}
