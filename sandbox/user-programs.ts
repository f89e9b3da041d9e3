// User programs (WASI modules from the job's assets) are instrumented in the
// parent, in TS, before the isolate is created: workerd forbids compiling
// wasm at runtime, so the loader must receive final bytes. Results are
// cached by content hash, since the same asset usually runs many tasks.
import { instrument, InstrumentError } from "./instrument/index.ts";
import type { TaskError } from "./protocol.ts";
import { ArchiveError, archiveMount, memberNames, readArchive, type ArchiveMember } from "./archive/index.ts";

export interface UserProgram {
  /** Lookup key inside the isolate: "/assets/<path>". */
  key: string;
  /** Identity of what goes into the isolate (instrumented bytes or the error). */
  hash: string;
  bytes?: Uint8Array;
  error?: TaskError;
}

const cache = new Map<string, { hash: string; bytes?: Uint8Array; error?: TaskError }>();
const CACHE_ENTRIES = 32;

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];
export const isWasm = (b: Uint8Array) => b.length >= 8 && WASM_MAGIC.every((x, i) => b[i] === x);

export async function sha256Hex(bytes: Uint8Array | string): Promise<string> {
  const data = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  const digest = await crypto.subtle.digest("SHA-256", data);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** "/assets/jo/stor/x.wasm", "jo/stor/x.wasm" and "/jo/stor/x.wasm" all name /assets/jo/stor/x.wasm. */
export function assetKey(path: string): string {
  return `/assets/${path.replace(/^\/+/, "").replace(/^assets\//, "")}`;
}

async function prepare(key: string, original: Uint8Array): Promise<UserProgram> {
  const sourceHash = await sha256Hex(original);
  let entry = cache.get(sourceHash);
  if (!entry) {
    try {
      const bytes = instrument(original);
      entry = { hash: await sha256Hex(bytes), bytes };
    } catch (e) {
      const message = `${key}: ${e instanceof Error ? e.message : String(e)}`;
      const code = e instanceof InstrumentError && e.kind === "memory" ? "TaskKilledError" : "TaskInitError";
      entry = { hash: await sha256Hex(message), error: { code, message } };
    }
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(sourceHash, entry);
  }
  return { key, ...entry };
}

/** The wasm modules inside an archive asset, by the /assets path they mount at (guest/archive-mount.ts). */
async function archivePrograms(path: string, bytes: Uint8Array, byKey: Map<string, Uint8Array>): Promise<void> {
  const at = archiveMount(assetKey(path));
  if (!at) return;
  let members: ArchiveMember[];
  try {
    members = await readArchive(path, bytes);
  } catch (e) {
    if (e instanceof ArchiveError) return; // mounted as a plain file, as the guest does
    throw e;
  }
  for (const m of members) {
    const names = memberNames(m.path);
    if (!names || m.kind !== "file" || !m.data) continue;
    const data = await m.data();
    if (isWasm(data)) byKey.set(`${at}/${names.join("/")}`, data);
  }
}

/** Every runnable user program: all of `programs`, plus assets that are wasm modules or hold some. */
export async function prepareUserPrograms(
  programs: Record<string, ArrayBuffer> = {},
  assets: Record<string, ArrayBuffer> = {},
): Promise<UserProgram[]> {
  const byKey = new Map<string, Uint8Array>();
  for (const [path, buf] of Object.entries(assets)) {
    const bytes = new Uint8Array(buf);
    if (isWasm(bytes)) byKey.set(assetKey(path), bytes);
    else await archivePrograms(path, bytes, byKey);
  }
  for (const [path, buf] of Object.entries(programs)) byKey.set(assetKey(path), new Uint8Array(buf));
  const out = await Promise.all([...byKey].map(([key, bytes]) => prepare(key, bytes)));
  return out.sort((a, b) => (a.key < b.key ? -1 : 1));
}
