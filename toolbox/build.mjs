// Builds every toolbox/src/<tool>.c (plus the shared toolbox/src/lib/*.c) into
// toolbox/dist/<tool>.wasm with clang's wasm32-wasi target, then writes
// toolbox/dist/manifest.json = { tool: { file, bytes, sha256 } }.
// Steps: find clang -> list sources -> rebuild outputs older than any input -> manifest.
// Plain Node ESM, no dependencies, so it runs before `npm install` finishes too.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));
const srcDir = join(root, "src");
const libDir = join(srcDir, "lib");
const distDir = join(root, "dist");
const PACKAGES = "clang lld wasi-libc libclang-rt-14-dev-wasm32";

function findClang() {
  for (const name of [process.env.CLANG, "clang", "clang-14"].filter(Boolean)) {
    try {
      execFileSync(name, ["--version"], { stdio: "ignore" });
      return name;
    } catch {
      // try the next candidate
    }
  }
  console.error(`toolbox: clang not found. Install the Debian packages: apt-get install -y ${PACKAGES}`);
  process.exit(1);
}

const clang = findClang();
const libSources = readdirSync(libDir).filter((f) => f.endsWith(".c")).map((f) => join(libDir, f));
const libHeaders = readdirSync(libDir).filter((f) => f.endsWith(".h")).map((f) => join(libDir, f));
const tools = readdirSync(srcDir).filter((f) => f.endsWith(".c")).map((f) => f.slice(0, -2)).sort();
const force = process.argv.includes("--force");
mkdirSync(distDir, { recursive: true });

const mtime = (p) => statSync(p).mtimeMs;
const sharedNewest = Math.max(...[...libSources, ...libHeaders, fileURLToPath(import.meta.url)].map(mtime));

let built = 0;
for (const tool of tools) {
  const src = join(srcDir, `${tool}.c`);
  const out = join(distDir, `${tool}.wasm`);
  // A tool may keep extra sources in src/<tool>/ (awk, sed).
  const ownDir = join(srcDir, tool);
  const own = existsSync(ownDir) ? readdirSync(ownDir).map((f) => join(ownDir, f)) : [];
  const ownSources = own.filter((f) => f.endsWith(".c"));
  const inputs = [src, ...own].map(mtime);
  if (!force && existsSync(out) && mtime(out) > Math.max(...inputs, sharedNewest)) continue;
  const args = [
    "--target=wasm32-wasi", "-O2", "-Wall", "-Wno-unused-function",
    "-D_GNU_SOURCE", "-I", libDir, "-I", ownDir,
    "-o", out, src, ...ownSources, ...libSources,
    "-lm", "-Wl,--strip-all", "-Wl,-z,stack-size=1048576",
  ];
  try {
    execFileSync(clang, args, { stdio: ["ignore", "inherit", "inherit"] });
  } catch {
    console.error(`toolbox: failed to build ${tool} (is wasi-libc installed? apt-get install -y ${PACKAGES})`);
    process.exit(1);
  }
  built++;
}

const manifest = {};
for (const tool of tools) {
  const file = `${tool}.wasm`;
  const bytes = readFileSync(join(distDir, file));
  manifest[tool] = { file, bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
}
writeFileSync(join(distDir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`toolbox: ${built} built, ${tools.length} tools in ${distDir}`);
