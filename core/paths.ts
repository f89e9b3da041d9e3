/**
 * Manta paths: `/LOGIN/ROOT[/name...]`, decoded per segment.
 *
 * The client encodes each segment with encodeURIComponent and strips trailing
 * slashes; restify additionally collapsed duplicate slashes. We do the same and
 * reject what cannot be decoded or names no login.
 */
import { MantaError } from "./errors.ts";

export const ROOTS = ["jobs", "public", "reports", "stor", "uploads"] as const;
export type RootName = (typeof ROOTS)[number];

const LOGIN_RE = /^[a-zA-Z][a-zA-Z0-9_\-.@%]+$/;
const MAX_PATH_BYTES = 1024 * 4;

export interface MantaPath {
  /** Normalized absolute path, e.g. `/alice/stor/a/b`. */
  path: string;
  login: string;
  /** Decoded segments after the login: `["stor","a","b"]`. */
  segments: string[];
}

export function isValidLogin(login: string): boolean {
  return LOGIN_RE.test(login) && login.length <= 64;
}

/** Parse a raw (still percent-encoded) URL pathname. */
export function parseRequestPath(rawPath: string): MantaPath {
  const parts = rawPath.split("/").filter((p) => p.length > 0);
  const decoded: string[] = [];
  for (const part of parts) {
    let seg: string;
    try {
      seg = decodeURIComponent(part);
    } catch {
      throw new MantaError("InvalidResource", `${rawPath} is not a valid path`);
    }
    if (seg.includes("/") || seg.includes("\0")) {
      throw new MantaError("InvalidResource", `${rawPath} is not a valid path`);
    }
    if (seg === "." || seg === "..") {
      throw new MantaError("InvalidResource", `${rawPath} may not contain "." or ".." segments`);
    }
    decoded.push(seg);
  }
  const login = decoded[0];
  if (login === undefined || !isValidLogin(login)) {
    throw new MantaError("InvalidResource", `${rawPath || "/"} does not name an account`);
  }
  const path = "/" + decoded.join("/");
  if (new TextEncoder().encode(path).length > MAX_PATH_BYTES) {
    throw new MantaError("InvalidResource", "path is too long");
  }
  return { path, login, segments: decoded.slice(1) };
}

export function joinPath(dir: string, name: string): string {
  return dir === "/" ? `/${name}` : `${dir}/${name}`;
}

export function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** `/LOGIN` itself: virtual, read-only. */
export function isAccountRoot(p: MantaPath): boolean {
  return p.segments.length === 0;
}

/** `/LOGIN/stor`, `/LOGIN/public`, ...: exist implicitly, can never be removed. */
export function isTopDirectory(p: MantaPath): boolean {
  return p.segments.length === 1 && (ROOTS as readonly string[]).includes(p.segments[0]!);
}

export function rootOf(p: MantaPath): RootName | null {
  const r = p.segments[0];
  return r !== undefined && (ROOTS as readonly string[]).includes(r) ? (r as RootName) : null;
}

/** Re-encode the way node-manta does (used for Location headers and presigning). */
export function encodePath(path: string): string {
  return path
    .split("/")
    .map((s) => encodeURIComponent(s))
    .join("/");
}

/** A directory path that is live without being created: `/LOGIN/top` (one of ROOTS once a request is resolved). */
export function isImplicitDirectory(path: string): boolean {
  return path.split("/").length === 3;
}
