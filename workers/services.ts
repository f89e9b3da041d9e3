/** Stubs for the Durable Objects, named in one place. */
import type { AccountsDO } from "../durable-objects/accounts.ts";
import type { DirectoryDO } from "../durable-objects/directory.ts";
import type { UploadDO } from "../durable-objects/upload.ts";
import { R2BlobStore } from "../storage/r2-blob-store.ts";

export function directory(env: Env, path: string): DurableObjectStub<DirectoryDO> {
  return env.DIRECTORY.getByName(path) as DurableObjectStub<DirectoryDO>;
}

export function accounts(env: Env): DurableObjectStub<AccountsDO> {
  return env.ACCOUNTS.getByName("accounts") as DurableObjectStub<AccountsDO>;
}

export { blobRefs } from "../storage/refs.ts";

export function blobStore(env: Env): R2BlobStore {
  return new R2BlobStore(env);
}

export function upload(env: Env, id: string): DurableObjectStub<UploadDO> {
  return env.UPLOAD.getByName(id) as DurableObjectStub<UploadDO>;
}
