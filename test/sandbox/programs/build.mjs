// Builds the sandbox test programs (test/sandbox/programs/*.c) into
// test/sandbox/programs/dist/*.wasm with clang's wasm32-wasi target.
// Rebuilds only what is older than its source. Used by the tests' setup.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const programsDir = dirname(fileURLToPath(import.meta.url));
export const programsDist = join(programsDir, "dist");

export function buildPrograms() {
  mkdirSync(programsDist, { recursive: true });
  const clang = process.env.CLANG ?? "clang";
  for (const file of readdirSync(programsDir).filter((f) => f.endsWith(".c"))) {
    const src = join(programsDir, file);
    const out = join(programsDist, file.replace(/\.c$/, ".wasm"));
    if (existsSync(out) && statSync(out).mtimeMs > statSync(src).mtimeMs) continue;
    execFileSync(clang, ["--target=wasm32-wasi", "-O2", "-o", out, src], { stdio: "inherit" });
  }
  return programsDist;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(`built into ${buildPrograms()}`);
