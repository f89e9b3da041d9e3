// The toolbox step of `npm run build`: no compiler, only the committed modules.
// Checks that every toolbox/wasm/<tool>.wasm matches the sha256 in toolbox/wasm/manifest.json
// (else exit 1), and says which tools' sources changed since their module was built, or have
// no module yet (a warning; with --strict, exit 1): those need `npm run build:toolbox`.
//   node toolbox/verify.mjs [--strict]
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { PACKAGES, listTools, readManifest, sha256, sourcesHash, wasmDir } from "./modules.mjs";

const strict = process.argv.includes("--strict");
const manifest = readManifest();
const errors = [];
for (const [tool, entry] of Object.entries(manifest.tools)) {
  const file = join(wasmDir, entry.file);
  if (!existsSync(file)) errors.push(`toolbox/wasm/${entry.file} is missing`);
  else if (sha256(readFileSync(file)) !== entry.sha256) errors.push(`toolbox/wasm/${entry.file} does not match its sha256 in manifest.json (${tool})`);
}
const listed = new Set(Object.values(manifest.tools).map((e) => e.file));
const unlisted = existsSync(wasmDir) ? readdirSync(wasmDir).filter((f) => f.endsWith(".wasm") && !listed.has(f)) : [];
for (const f of unlisted) errors.push(`toolbox/wasm/${f} is not in manifest.json`);

const missing = [];
const stale = [];
for (const tool of listTools()) {
  const entry = manifest.tools[tool];
  if (!entry) missing.push(tool);
  else if (entry.sources !== sourcesHash(tool)) stale.push(tool);
}

const hint = `run \`npm run build:toolbox\` (needs clang: apt-get install -y ${PACKAGES}) and commit toolbox/wasm/`;
if (errors.length > 0) {
  console.error(`toolbox: the committed modules are damaged:\n${errors.map((e) => `  ${e}`).join("\n")}\n  ${hint}`);
  process.exit(1);
}
const notes = [];
if (stale.length > 0) notes.push(`sources changed since the module was built: ${stale.join(" ")}`);
if (missing.length > 0) notes.push(`sources with no module yet: ${missing.join(" ")}`);
if (notes.length > 0) {
  const say = strict ? console.error : console.warn;
  say(`toolbox: ${strict ? "" : "warning: "}${notes.join("; ")}\n  ${hint}`);
  if (strict) process.exit(1);
}
