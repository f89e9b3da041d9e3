/** Listing query parameters (limit/marker/sort/filters) as muskie validated them. */
import { MantaError } from "./errors.ts";

export interface ListOptions {
  limit: number;
  marker?: string; // name (sort by name) or ISO date (sort=mtime)
  sortBy: "name" | "mtime";
  reverse: boolean;
  only?: "object" | "directory";
}

export const DEFAULT_LIMIT = 256;
export const MAX_LIMIT = 1024;

function truthy(v: string | undefined): boolean {
  return v !== undefined && v !== "false";
}

export function parseListOptions(q: Record<string, string | undefined>): ListOptions {
  let limit = DEFAULT_LIMIT;
  if (q.limit !== undefined) {
    limit = Number(q.limit);
    if (!/^\d+$/.test(q.limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new MantaError("InvalidArgument", `limit=${q.limit} is invalid: must be between [1, ${MAX_LIMIT}]`);
    }
  }
  if (q.sort === "none" || q.skip_owner_check !== undefined) {
    throw new MantaError("QueryParameterForbidden", "sort=none and skip_owner_check are operator-only parameters");
  }
  if (q.sort !== undefined && q.sort !== "name" && q.sort !== "mtime") {
    throw new MantaError("InvalidParameter", `"${q.sort}" is invalid for "sort"`);
  }
  const sortBy = q.sort === "mtime" ? "mtime" : "name";
  if (sortBy === "mtime" && q.marker !== undefined && Number.isNaN(Date.parse(q.marker))) {
    throw new MantaError("InvalidParameter", `"${q.marker}" is invalid for "marker"`);
  }
  const wantDirs = truthy(q.dir) || truthy(q.directory);
  const wantObjs = truthy(q.obj) || truthy(q.object);
  const only = wantDirs === wantObjs ? undefined : wantDirs ? "directory" : "object";
  const opts: ListOptions = { limit, sortBy, reverse: q.sort_order === "reverse", ...(only ? { only } : {}) };
  if (q.marker !== undefined && q.marker !== "") opts.marker = q.marker;
  return opts;
}
