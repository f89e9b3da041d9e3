/**
 * Conditional requests (RFC 7232 as restify's conditionalRequest applied them
 * in muskie): If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since
 * evaluated against the entry's current etag and last-modified time.
 */
import { MantaError } from "./errors.ts";

export interface Conditions {
  ifMatch?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  ifUnmodifiedSince?: string;
}

export interface Validators {
  etag: string;
  mtime: number; // ms since epoch
}

export type ConditionOutcome = "proceed" | "not-modified" | "precondition-failed";

function tags(header: string): string[] {
  return header
    .split(",")
    .map((t) => t.trim().replace(/^W\//, "").replace(/^"(.*)"$/, "$1"))
    .filter((t) => t.length > 0);
}

function parseDate(value: string): number | null {
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}

export function hasConditions(c: Conditions): boolean {
  return Boolean(c.ifMatch || c.ifNoneMatch || c.ifModifiedSince || c.ifUnmodifiedSince);
}

/**
 * `current` is null when the entry does not exist. `safe` is true for GET/HEAD,
 * where a matching If-None-Match means 304 instead of 412.
 */
export function evaluateConditions(c: Conditions, current: Validators | null, safe: boolean): ConditionOutcome {
  if (c.ifMatch !== undefined) {
    const list = tags(c.ifMatch);
    if (!current) return "precondition-failed";
    if (!list.includes("*") && !list.includes(current.etag)) return "precondition-failed";
  } else if (c.ifUnmodifiedSince !== undefined && current) {
    const t = parseDate(c.ifUnmodifiedSince);
    if (t !== null && Math.floor(current.mtime / 1000) * 1000 > t) return "precondition-failed";
  }
  if (c.ifNoneMatch !== undefined) {
    const list = tags(c.ifNoneMatch);
    const hit = current !== null && (list.includes("*") || list.includes(current.etag));
    if (hit) return safe ? "not-modified" : "precondition-failed";
  } else if (c.ifModifiedSince !== undefined && safe && current) {
    const t = parseDate(c.ifModifiedSince);
    if (t !== null && Math.floor(current.mtime / 1000) * 1000 <= t) return "not-modified";
  }
  return "proceed";
}

/** For writes: anything but "proceed" is a 412. */
export function assertWritable(c: Conditions, current: Validators | null): void {
  if (evaluateConditions(c, current, false) !== "proceed") {
    throw new MantaError("PreconditionFailed", "if-match/if-none-match/if-(un)modified-since precondition not met");
  }
}
