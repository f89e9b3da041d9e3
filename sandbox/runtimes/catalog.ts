// Language runtimes a task can use by name (`ruby -e ...`). Each is a WASI module too large
// for the Worker bundle (ruby.wasm with its standard library is ~30 MB; a deployed bundle is
// capped at 10 MB), so it lives in storage: an operator installs it once (`mobula runtime
// install ruby`, which `npm start` runs for you), the host loads it into the task's isolate
// under `program` and the guest's native program of the same name boots it.
// Platform-free: the CLI and the launcher read this too.

export interface RuntimeSpec {
  name: string;
  /** Key of the module in the isolate's program table (guest/native/ruby/index.ts). */
  program: string;
  /** Where the module lives in shard 0's bucket. */
  objectKey: string;
  /** The npm package and file the CLI installs from by default. */
  npmPackage: string;
  npmFile: string;
}

export const RUNTIMES: Readonly<Record<string, RuntimeSpec>> = {
  ruby: {
    name: "ruby",
    program: "runtime:ruby",
    objectKey: "runtimes/ruby.wasm",
    npmPackage: "@ruby/3.4-wasm-wasi",
    npmFile: "dist/ruby+stdlib.wasm",
  },
};

/** Where the instrumented copy of a runtime is kept, per source and instrumenter. */
export function instrumentedKey(spec: RuntimeSpec, sourceSha256: string, instrumentId: string): string {
  return `${spec.objectKey}.${sourceSha256.slice(0, 32)}.${instrumentId}.instrumented`;
}

export function runtimeSpec(name: string): RuntimeSpec | undefined {
  return Object.hasOwn(RUNTIMES, name) ? RUNTIMES[name] : undefined;
}
