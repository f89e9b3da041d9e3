// Builds the sandbox test programs into test/sandbox/programs/dist/*.wasm:
// *.c with clang's wasm32-wasi target, and *.hex (hand-assembled modules
// written as hex bytes with `;;` comments, for what a compiler will not emit)
// byte for byte. Rebuilds only what is older than its source. Then the asset archives
// (archives.py: tar, tar.gz, zip holding hello.wasm). Used by the tests' setup.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const programsDir = dirname(fileURLToPath(import.meta.url));
export const programsDist = join(programsDir, "dist");

export function buildPrograms() {
  mkdirSync(programsDist, { recursive: true });
  const clang = process.env.CLANG ?? "clang";
  for (const file of readdirSync(programsDir).filter((f) => f.endsWith(".c") || f.endsWith(".hex"))) {
    const src = join(programsDir, file);
    const out = join(programsDist, file.replace(/\.(c|hex)$/, ".wasm"));
    if (existsSync(out) && statSync(out).mtimeMs > statSync(src).mtimeMs) continue;
    if (file.endsWith(".hex")) writeFileSync(out, hexBytes(readFileSync(src, "utf8")));
    else execFileSync(clang, ["--target=wasm32-wasi", "-O2", "-o", out, src], { stdio: "inherit" });
  }
  execFileSync(process.env.PYTHON ?? "python3", [join(programsDir, "archives.py"), programsDist], { stdio: "inherit" });
  return programsDist;
}

function hexBytes(text) {
  const digits = text.replace(/;;.*$/gm, "").replace(/\s+/g, "");
  if (!/^([0-9a-f]{2})*$/i.test(digits)) throw new Error("a .hex program must hold only hex byte pairs and ;; comments");
  return Buffer.from(digits, "hex");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(`built into ${buildPrograms()}`);
