/** One member of an asset archive, as the readers report it (paths not yet checked). */
export interface ArchiveMember {
  path: string;
  kind: "file" | "dir" | "other";
  size: number;
  /** The member's bytes: a view into the archive, or inflated on first call (zip deflate). */
  data?: () => Uint8Array | Promise<Uint8Array>;
}

export class ArchiveError extends Error {}
