/**
 * The namespace client: every caller that reads or changes names goes through
 * here — the storage routes, multipart uploads, job creation, the jobs engine,
 * the Manta tools inside tasks. Who may touch a path is core/access.ts.
 */
export { canAccess, canRead, canWrite } from "../core/access.ts";
export { locate, lookup, missingParent, notFound, placeOf, type Located } from "./locate.ts";
export { mkdir, mkdirp } from "./mkdir.ts";
export { commitBlob, commitEntry, releaseBlob, writeObject, type Defer, type WriteOptions } from "./objects.ts";
export { accounts, blobRefs, blobStore, directory, upload } from "./stubs.ts";
