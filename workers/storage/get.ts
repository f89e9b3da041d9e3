/**
 * GET/HEAD: the account root and top-level directories are listed directly;
 * anything else is located in its parent, then listed (directory) or streamed
 * (object, with Range and conditional requests).
 */
import type { Context } from "hono";
import { evaluateConditions } from "../../core/conditional.ts";
import { isoTime, listingLine, type Entry, type ObjectEntry } from "../../core/entry.ts";
import { MantaError } from "../../core/errors.ts";
import { parseListOptions } from "../../core/listing.ts";
import { isAccountRoot, isTopDirectory, ROOTS } from "../../core/paths.ts";
import { parseRange } from "../../core/range.ts";
import type { AppEnv } from "../env.ts";
import { applyStoredHeaders, conditionsOf, lastModified, objectHeaders } from "../http.ts";
import { blobStore, directory, locate, notFound } from "../../namespace/index.ts";

export const DIRECTORY_TYPE = "application/x-json-stream; type=directory";
// Top-level directories have no entry of their own; muskie showed a fixed mtime too.
const ROOT_MTIME = Date.parse("2013-05-22T17:39:43.714Z");

function queryOf(c: Context<AppEnv>): Record<string, string> {
  const q: Record<string, string> = {};
  new URL(c.req.url).searchParams.forEach((v, k) => (q[k] = v));
  return q;
}

function listingResponse(c: Context<AppEnv>, lines: string[], total: number, mtime: number, extra?: Headers): Response {
  const headers = new Headers(extra);
  headers.set("content-type", DIRECTORY_TYPE);
  headers.set("result-set-size", String(total));
  headers.set("last-modified", lastModified(mtime));
  const body = c.req.method === "HEAD" ? null : lines.map((l) => l + "\n").join("");
  return new Response(body, { status: 200, headers });
}

function listAccountRoot(c: Context<AppEnv>): Response {
  const opts = parseListOptions(queryOf(c));
  const names = ROOTS.filter((r) => opts.marker === undefined || r > opts.marker);
  const lines = names.map((name) => JSON.stringify({ name, type: "directory", mtime: isoTime(ROOT_MTIME) }));
  return listingResponse(c, lines, ROOTS.length, ROOT_MTIME);
}

async function listDirectory(c: Context<AppEnv>, path: string, entry: Entry | null): Promise<Response> {
  const opts = parseListOptions(queryOf(c));
  const page = await directory(c.env, path).list(opts);
  const headers = new Headers();
  if (entry) applyStoredHeaders(headers, entry, c.req.header("origin") ?? null, c.req.method);
  return listingResponse(c, page.entries.map(listingLine), page.total, entry?.mtime ?? ROOT_MTIME, headers);
}

async function getObject(c: Context<AppEnv>, e: ObjectEntry): Promise<Response> {
  const origin = c.req.header("origin") ?? null;
  const headers = objectHeaders(e, origin, c.req.method);
  const outcome = evaluateConditions(conditionsOf(c.req.raw.headers), { etag: e.etag, mtime: e.mtime }, true);
  if (outcome === "precondition-failed") throw new MantaError("PreconditionFailed", "precondition not met");
  if (outcome === "not-modified") return new Response(null, { status: 304, headers });
  const accept = c.req.header("accept");
  if (accept && !acceptable(accept, e.contentType)) {
    throw new MantaError("NotAcceptable", `${c.get("target").path} is ${e.contentType}, not ${accept}`);
  }
  // A ranged answer keeps the whole object's content-md5: node-manta resumes a short GET with a
  // Range and checks the MD5 of everything it received against the last response's header.
  headers.set("accept-ranges", "bytes");
  const rangeHeader = c.req.header("range");
  const range = rangeHeader ? parseRange(rangeHeader, e.size) : null;
  const length = range ? range.length : e.size;
  headers.set("content-length", String(length));
  const status = range ? 206 : 200;
  if (range) headers.set("content-range", `bytes ${range.offset}-${range.offset + range.length - 1}/${e.size}`);
  if (c.req.method === "HEAD" || !e.blob || length === 0) return new Response(null, { status, headers });
  const body = await blobStore(c.env).get(e.blob, range ?? undefined);
  return new Response(body, { status, headers });
}

function acceptable(accept: string, type: string): boolean {
  const base = type.split(";")[0]!.trim().toLowerCase();
  return accept.split(",").some((a) => {
    const t = a.split(";")[0]!.trim().toLowerCase();
    return t === "*/*" || t === base || (t.endsWith("/*") && base.startsWith(t.slice(0, -1)));
  });
}

export async function getEntry(c: Context<AppEnv>): Promise<Response> {
  const target = c.get("target");
  if (isAccountRoot(target)) return listAccountRoot(c);
  if (isTopDirectory(target)) return listDirectory(c, target.path, null);
  const where = await locate(c.env, target);
  if (!where.entry) throw notFound(target.path);
  if (where.entry.type === "directory") return listDirectory(c, target.path, where.entry);
  return getObject(c, where.entry);
}
