// What the toolbox is made of, shared by build.mjs (needs clang) and verify.mjs (does not):
// where the sources and the committed modules live, the fixed compiler flags, and the
// manifest that records, per tool, the module's sha256 and a hash of the sources it was
// built from. Plain Node ESM, no dependencies.
//
// toolbox/wasm/manifest.json = {
//   toolchain: the `clang --version` line of the build (informational),
//   tools: { <tool>: { file, bytes, sha256, sources } },
// }
// `sources` hashes the tool's own sources, the shared lib and the build recipe, so a
// stale module is detected without a compiler (and an unchanged one is not rebuilt).
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = dirname(fileURLToPath(import.meta.url));
export const srcDir = join(root, "src");
export const libDir = join(srcDir, "lib");
/** The committed modules (tracked in git, unlike the ignored dist/ folders). */
export const wasmDir = join(root, "wasm");
export const manifestPath = join(wasmDir, "manifest.json");

/** The Debian packages that provide clang for wasm32-wasi (bookworm: clang 14). */
export const PACKAGES = "clang lld wasi-libc libclang-rt-14-dev-wasm32";

// Bump when the recipe changes in a way the flags below do not show (link order, steps).
const RECIPE = 1;

/**
 * Fixed flags, in order, for every compile. Paths are relative to toolbox/ (the compiler's
 * cwd) so nothing depends on where the repository is checked out.
 */
export const COMPILE_FLAGS = ["--target=wasm32-wasi", "-O2", "-Wall", "-Wno-unused-function", "-D_GNU_SOURCE"];
export const LINK_FLAGS = ["-lm", "-Wl,--strip-all", "-Wl,-z,stack-size=1048576"];

const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0); // code-unit order, locale-independent

const list = (dir, pred = () => true) =>
  existsSync(dir) ? readdirSync(dir).filter((f) => pred(f) && statSync(join(dir, f)).isFile()).sort(byName) : [];

/** Tool names: one per toolbox/src/<tool>.c, sorted. */
export function listTools() {
  return list(srcDir, (f) => f.endsWith(".c")).map((f) => f.slice(0, -2));
}

/** Shared sources, as paths relative to toolbox/: src/lib/*.c and src/lib/*.h, sorted. */
export function libFiles() {
  return {
    sources: list(libDir, (f) => f.endsWith(".c")).map((f) => `src/lib/${f}`),
    headers: list(libDir, (f) => f.endsWith(".h")).map((f) => `src/lib/${f}`),
  };
}

/** A tool's own files, relative to toolbox/: src/<tool>.c, then src/<tool>/* (awk, sed), sorted. */
export function toolFiles(tool) {
  const own = list(join(srcDir, tool)).map((f) => `src/${tool}/${f}`);
  return { main: `src/${tool}.c`, own, ownSources: own.filter((f) => f.endsWith(".c")) };
}

/** Hash of everything a tool's module is built from (file names and bytes, flags, recipe). */
export function sourcesHash(tool) {
  const h = createHash("sha256");
  h.update(JSON.stringify({ RECIPE, COMPILE_FLAGS, LINK_FLAGS }));
  const { main, own } = toolFiles(tool);
  const { sources, headers } = libFiles();
  for (const rel of [main, ...own, ...sources, ...headers]) {
    const bytes = readFileSync(join(root, rel));
    h.update(`\0${rel}\0${bytes.length}\0`).update(bytes);
  }
  return h.digest("hex");
}

export const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

/** The committed manifest, or an empty one. */
export function readManifest(path = manifestPath) {
  if (!existsSync(path)) return { toolchain: "", tools: {} };
  const m = JSON.parse(readFileSync(path, "utf8"));
  return { toolchain: m.toolchain ?? "", tools: m.tools ?? {} };
}

export function manifestText(toolchain, tools) {
  const sorted = {};
  for (const name of Object.keys(tools).sort(byName)) sorted[name] = tools[name];
  return JSON.stringify({ toolchain, tools: sorted }, null, 2) + "\n";
}
