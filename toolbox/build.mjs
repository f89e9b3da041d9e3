// Rebuilds the toolbox from its C sources, for whoever changes toolbox/src (`npm run build:toolbox`).
// Everyone else uses the committed modules in toolbox/wasm/ (checked by toolbox/verify.mjs in
// `npm run build`), so `npm start` and `npm test` need no C toolchain.
//
//   node toolbox/build.mjs            build what changed into toolbox/wasm/, rewrite manifest.json
//   node toolbox/build.mjs --force    rebuild every tool
//   node toolbox/build.mjs --check    rebuild every tool into a temp dir and fail, listing the tools
//                                     whose bytes (or manifest entries) differ from the committed ones
//   node toolbox/build.mjs --out DIR  rebuild every tool into DIR (with its own manifest.json)
//
// Each toolbox/src/<tool>.c, with its own toolbox/src/<tool>/*.c (awk, sed) and the shared
// toolbox/src/lib/*.c, becomes <tool>.wasm via Debian's clang 14 for wasm32-wasi (packages:
// see PACKAGES). Steps: find clang -> pick the tools to build -> compile the shared lib once ->
// compile and link each tool -> manifest (-> compare, with --check).
// Reproducible: fixed flags, sorted inputs, paths relative to toolbox/ (plus -ffile-prefix-map),
// stripped output with no timestamps, so a rebuild anywhere is byte-identical for the same
// clang and wasi-libc.
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import {
  COMPILE_FLAGS, LINK_FLAGS, PACKAGES, libFiles, listTools, manifestText, readManifest, root, sha256,
  sourcesHash, toolFiles, wasmDir,
} from "./modules.mjs";

const run = promisify(execFile);
const argv = process.argv.slice(2);
const check = argv.includes("--check");
const force = argv.includes("--force");
const outArg = argv.includes("--out") ? argv[argv.indexOf("--out") + 1] : undefined;
if (argv.includes("--out") && !outArg) fail("--out needs a directory");

function fail(message) {
  console.error(`toolbox: ${message}`);
  process.exit(1);
}

function findClang() {
  for (const name of [process.env.CLANG, "clang", "clang-14"].filter(Boolean)) {
    try {
      const version = execFileSync(name, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
      return { clang: name, version: version.split("\n")[0].trim() };
    } catch {
      // try the next candidate
    }
  }
  fail(
    "clang not found. Rebuilding the toolbox needs Debian's clang for WASI:\n" +
      `  sudo apt-get install -y ${PACKAGES}\n` +
      "(npm start, npm test and npm run build do not: they use the committed modules in toolbox/wasm/.)",
  );
}

/** Runs `jobs` with at most `width` at once; rejects on the first failure. */
async function pool(jobs, width) {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) await jobs[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, worker));
}

async function cc(clang, args, what) {
  try {
    await run(clang, [`-ffile-prefix-map=${root}=.`, ...args], { cwd: root, maxBuffer: 64 << 20 });
  } catch (err) {
    process.stderr.write(`${err.stdout ?? ""}${err.stderr ?? ""}`);
    fail(`failed to build ${what} (is wasi-libc installed? apt-get install -y ${PACKAGES})`);
  }
}

const { clang, version } = findClang();
const tools = listTools();
if (tools.length === 0) fail(`no sources in ${join(root, "src")}`);
const outDir = check ? mkdtempSync(join(tmpdir(), "toolbox-check-")) : outArg ? resolve(outArg) : wasmDir;
mkdirSync(outDir, { recursive: true });

// Unchanged tools keep their module: same sources hash, same compiler, same bytes.
const previous = readManifest(join(outDir, "manifest.json"));
const hashes = Object.fromEntries(tools.map((t) => [t, sourcesHash(t)]));
const upToDate = (tool) => {
  const entry = previous.tools[tool];
  const file = join(outDir, `${tool}.wasm`);
  return !force && previous.toolchain === version && entry?.sources === hashes[tool] && existsSync(file) &&
    sha256(readFileSync(file)) === entry.sha256;
};
const toBuild = outDir === wasmDir ? tools.filter((t) => !upToDate(t)) : tools;

const width = Math.max(1, Math.min(availableParallelism(), 4));
const objDir = mkdtempSync(join(tmpdir(), "toolbox-obj-"));
try {
  if (toBuild.length > 0) {
    // The shared lib is compiled once; wasm-ld keeps only what each tool uses.
    const { sources } = libFiles();
    const objects = sources.map((rel) => join(objDir, rel.replace(/^src\/lib\//, "").replace(/\.c$/, ".o")));
    await pool(
      sources.map((rel, i) => () => cc(clang, [...COMPILE_FLAGS, "-I", "src/lib", "-c", "-o", objects[i], rel], rel)),
      width,
    );
    await pool(
      toBuild.map((tool) => () => {
        const { main, ownSources } = toolFiles(tool);
        const ownInclude = existsSync(join(root, "src", tool)) ? ["-I", `src/${tool}`] : [];
        const out = join(outDir, `${tool}.wasm`);
        return cc(clang, [...COMPILE_FLAGS, "-I", "src/lib", ...ownInclude, "-o", out, main, ...ownSources, ...objects, ...LINK_FLAGS], tool);
      }),
      width,
    );
  }
} finally {
  rmSync(objDir, { recursive: true, force: true });
}

// A module whose source is gone goes too.
for (const f of readdirSync(outDir)) if (f.endsWith(".wasm") && !tools.includes(f.slice(0, -5))) rmSync(join(outDir, f));

const entries = {};
for (const tool of tools) {
  const bytes = readFileSync(join(outDir, `${tool}.wasm`));
  entries[tool] = { file: `${tool}.wasm`, bytes: bytes.length, sha256: sha256(bytes), sources: hashes[tool] };
}
writeFileSync(join(outDir, "manifest.json"), manifestText(version, entries));

if (!check) {
  console.log(`toolbox: ${toBuild.length} built, ${tools.length} tools in ${outDir}`);
  process.exit(0);
}

// --check: the committed modules must be exactly what the sources build to.
const committed = readManifest();
const problems = [];
for (const tool of tools) {
  const file = join(wasmDir, `${tool}.wasm`);
  const entry = committed.tools[tool];
  if (!existsSync(file)) problems.push(`${tool}: no committed module toolbox/wasm/${tool}.wasm`);
  else if (sha256(readFileSync(file)) !== entries[tool].sha256) problems.push(`${tool}: rebuilt bytes differ from toolbox/wasm/${tool}.wasm`);
  else if (!entry || entry.sha256 !== entries[tool].sha256 || entry.bytes !== entries[tool].bytes || entry.sources !== entries[tool].sources)
    problems.push(`${tool}: toolbox/wasm/manifest.json entry is out of date`);
}
for (const tool of Object.keys(committed.tools)) if (!tools.includes(tool)) problems.push(`${tool}: in manifest.json but has no source`);
if (existsSync(wasmDir)) {
  for (const f of readdirSync(wasmDir)) {
    if (f.endsWith(".wasm") && !tools.includes(f.slice(0, -5))) problems.push(`${f.slice(0, -5)}: toolbox/wasm/${f} has no source`);
  }
}

if (problems.length === 0) {
  rmSync(outDir, { recursive: true, force: true });
  console.log(`toolbox: rebuild of ${tools.length} tools is byte-identical to toolbox/wasm/ (${version})`);
  process.exit(0);
}
console.error(`toolbox: the committed modules do not match a rebuild from source (${problems.length}):`);
for (const p of problems) console.error(`  ${p}`);
console.error(`  committed built with: ${committed.toolchain || "(unknown)"}`);
console.error(`  this rebuild used:    ${version}`);
console.error(`  rebuilt modules kept in ${outDir}; to update the committed ones: npm run build:toolbox, then commit toolbox/wasm/`);
process.exit(1);
