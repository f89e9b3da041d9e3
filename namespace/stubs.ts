/** The Durable Objects behind the namespace, each named in one place. */
import type { AccountsDO } from "../durable-objects/accounts.ts";
import type { DirectoryDO } from "../durable-objects/directory.ts";
import type { UploadDO } from "../durable-objects/upload.ts";
import { R2BlobStore } from "../storage/r2-blob-store.ts";

export { blobRefs } from "../durable-objects/blob-refs.ts";

/** One DirectoryDO per directory, named by its path (it tells implicit top-level directories by that name). */
export function directory(env: Env, path: string): DurableObjectStub<DirectoryDO> {
  return env.DIRECTORY.getByName(path) as DurableObjectStub<DirectoryDO>;
}

export function accounts(env: Env): DurableObjectStub<AccountsDO> {
  return env.ACCOUNTS.getByName("accounts") as DurableObjectStub<AccountsDO>;
}

export function upload(env: Env, id: string): DurableObjectStub<UploadDO> {
  return env.UPLOAD.getByName(id) as DurableObjectStub<UploadDO>;
}

export function blobStore(env: Env): R2BlobStore {
  return new R2BlobStore(env);
}
