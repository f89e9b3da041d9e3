// Loading installed runtimes into a task's isolate (see catalog.ts).
//
// Invariant: a task gets the instrumented module of exactly the bytes that are installed.
// Steps per runtime: HEAD the object (cached a few seconds: one R2 call per task at most) ->
// the module for its sha256 in memory? done -> the instrumented copy in R2 for this
// instrumenter? load it -> else read the source, instrument it (seconds of CPU for ruby.wasm)
// and store the copy, so the next isolate or server start skips that work.
// A runtime that is not installed is simply absent: `ruby` then says so (guest side).
import { INSTRUMENT_ID } from "../dist/manifest.ts";
import { instrument, InstrumentError } from "../instrument/index.ts";
import type { UserProgram } from "../user-programs.ts";
import { shardBucket, type ShardEnv } from "../../storage/shards.ts";
import { instrumentedKey, RUNTIMES, type RuntimeSpec } from "./catalog.ts";

const HEAD_TTL_MS = 5_000;

interface Installed {
  sha256: string;
}

const heads = new Map<string, { value: Installed | null; at: number }>();
const loaded = new Map<string, Promise<UserProgram>>();

async function installed(bucket: R2Bucket, spec: RuntimeSpec): Promise<Installed | null> {
  const seen = heads.get(spec.name);
  if (seen && Date.now() - seen.at < HEAD_TTL_MS) return seen.value;
  const head = await bucket.head(spec.objectKey);
  const value = head ? { sha256: head.customMetadata?.sha256 ?? head.etag } : null;
  heads.set(spec.name, { value, at: Date.now() });
  return value;
}

async function build(bucket: R2Bucket, spec: RuntimeSpec, sha256: string): Promise<UserProgram> {
  const identity = `${spec.program}=${sha256}:${INSTRUMENT_ID}`;
  const copyKey = instrumentedKey(spec, sha256, INSTRUMENT_ID);
  const copy = await bucket.get(copyKey);
  if (copy) return { key: spec.program, hash: identity, bytes: new Uint8Array(await copy.arrayBuffer()) };
  const source = await bucket.get(spec.objectKey);
  if (!source) throw new Error(`${spec.name}: the runtime was removed while loading`);
  try {
    const bytes = instrument(new Uint8Array(await source.arrayBuffer()));
    await bucket.put(copyKey, bytes);
    return { key: spec.program, hash: identity, bytes };
  } catch (e) {
    if (!(e instanceof InstrumentError)) throw e;
    return { key: spec.program, hash: identity, error: { code: "TaskInitError", message: `${spec.name} runtime: ${e.message}` } };
  }
}

/** The installed runtimes that are `wanted`, ready for the isolate's program table. */
export async function loadRuntimes(env: ShardEnv, wanted: (name: string) => boolean): Promise<UserProgram[]> {
  const bucket = shardBucket(env, 0);
  const out: UserProgram[] = [];
  for (const spec of Object.values(RUNTIMES)) {
    if (!wanted(spec.name)) continue;
    const inst = await installed(bucket, spec);
    if (!inst) continue;
    const id = `${spec.name}:${inst.sha256}`;
    let p = loaded.get(id);
    if (!p) {
      p = build(bucket, spec, inst.sha256);
      for (const k of loaded.keys()) if (k.startsWith(`${spec.name}:`)) loaded.delete(k); // one version held
      loaded.set(id, p);
      p.catch(() => loaded.delete(id));
    }
    out.push(await p);
  }
  return out;
}

/** Installs (or replaces) a runtime's module; the caller has checked the operator. */
export async function installRuntime(env: ShardEnv, spec: RuntimeSpec, bytes: Uint8Array, sha256: string): Promise<void> {
  const bucket = shardBucket(env, 0);
  await bucket.put(spec.objectKey, bytes, { customMetadata: { sha256 } });
  heads.delete(spec.name);
}

/** What is installed, for the operator API. */
export async function describeRuntime(env: ShardEnv, spec: RuntimeSpec): Promise<{ sha256: string; size: number } | null> {
  const head = await shardBucket(env, 0).head(spec.objectKey);
  return head ? { sha256: head.customMetadata?.sha256 ?? head.etag, size: head.size } : null;
}
