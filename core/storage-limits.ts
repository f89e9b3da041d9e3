/**
 * How big one PUT can be. The blob store sends a body over 4 GiB, or of unknown length, to R2
 * as a multipart upload of equal BLOB_PART_BYTES parts, and R2 takes at most 10,000 parts per
 * upload (platform.md, R2 limits): 80,000 MiB, below R2's 5 TiB object ceiling. A declared size
 * above it could never be stored, so the Worker and the local edge refuse it before a byte is
 * read, with muskie's 507 NotEnoughSpace. Larger objects go through multipart uploads.
 */
export const BLOB_PART_BYTES = 8 * 1024 * 1024;
export const R2_MAX_PARTS = 10_000;
export const MAX_PUT_BYTES = R2_MAX_PARTS * BLOB_PART_BYTES;
