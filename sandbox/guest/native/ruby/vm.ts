// Driving ruby.wasm's reactor (the `@ruby/*-wasm-wasi` build: no `_start`) through its
// exports, in the canonical ABI of its old wit-bindgen interface (rb-abi-guest):
//   _initialize -> ruby-init(args) -> ruby-init-loadpath -> rb-eval-string-protect(driver).
// Strings and lists live in the module's memory, allocated with its cabi_realloc; a
// string is (ptr, len), a list<string> a vector of such pairs. The driver ends with
// Process.exit!, so a normal run never returns from the eval.
import type { ExportCall } from "../../program.ts";

const EVAL = "rb-eval-string-protect: func(str: string) -> tuple<handle<rb-abi-value>, s32>";
const INIT = "ruby-init: func(args: list<string>) -> ()";
const LOADPATH = "ruby-init-loadpath: func() -> ()";

const encoder = new TextEncoder();

/** The runtime's JS bridge (`require "js"`) has no JavaScript to reach in the sandbox. */
function noBridge(): never {
  throw new WebAssembly.RuntimeError("the JavaScript bridge (require \"js\") is not available in the sandbox");
}

/** Imports of the runtime beyond WASI: its resource table, and the JS bridge as traps. */
export function rubyImports(): Record<string, Record<string, unknown>> {
  const values: number[] = [];
  return {
    "rb-js-abi-host": new Proxy({}, { get: () => noBridge }),
    canonical_abi: {
      "resource_drop_js-abi-value": () => {},
      "resource_new_rb-abi-value": (v: number) => values.push(v) - 1,
      "resource_get_rb-abi-value": (h: number) => values[h] ?? 0,
      "resource_drop_rb-abi-value": () => {},
      "resource_clone_rb-abi-value": (h: number) => values.push(values[h] ?? 0) - 1,
    },
  };
}

/** Boots the VM with `args` (ARGV after "--") and evaluates `source`; returns only if the eval does. */
export async function bootAndEval(call: ExportCall, memory: WebAssembly.Memory, args: string[], source: string): Promise<number> {
  const put = async (text: string): Promise<[number, number]> => {
    const bytes = encoder.encode(text);
    const ptr = await call("cabi_realloc", 0, 0, 1, bytes.length);
    new Uint8Array(memory.buffer, ptr, bytes.length).set(bytes);
    return [ptr, bytes.length];
  };
  await call("_initialize");
  const argv = ["ruby", "-EUTF-8", "-e_=0", "--", ...args];
  const vec = await call("cabi_realloc", 0, 0, 4, argv.length * 8);
  for (const [i, a] of argv.entries()) {
    const [ptr, len] = await put(`${a}\0`);
    const view = new DataView(memory.buffer);
    view.setInt32(vec + i * 8, ptr, true);
    view.setInt32(vec + i * 8 + 4, len, true);
  }
  await call(INIT, vec, argv.length);
  await call(LOADPATH);
  const [ptr, len] = await put(source);
  const ret = await call(EVAL, ptr, len);
  return new DataView(memory.buffer).getInt32(ret + 4, true);
}
