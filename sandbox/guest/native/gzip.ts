// gzip, gunzip, zcat on the runtime's native zlib (node:zlib in the guest isolate): levels
// -1..-9, multi-member input, streaming in constant memory. GNU's file rules: FILE becomes
// FILE.gz (and back), the original is removed unless -k, `-c` or no FILE streams to stdout.
import { createGunzip, createGzip } from "node:zlib";
import type { ByteSink } from "../../../core/shell/index.ts";
import { TaskAbort } from "../context.ts";
import { has, type Parsed } from "./args.ts";
import type { Tool, ToolRun } from "./tool.ts";
import { pump, ZlibError } from "./zlib-pump.ts";

const LEVELS = "123456789";
const SUFFIXES = [".gz", ".z", "-gz", ".tgz"];

function level(p: Parsed): number {
  let chosen = 6;
  for (const d of LEVELS) if (has(p, d)) chosen = Number(d);
  return chosen;
}

/** FILE.gz -> FILE (.tgz -> .tar), or null when FILE has no known suffix. */
function plainName(name: string): string | null {
  for (const s of SUFFIXES) {
    if (name.length > s.length && name.endsWith(s)) return name.slice(0, -s.length) + (s === ".tgz" ? ".tar" : "");
  }
  return null;
}

async function one(t: ToolRun, p: Parsed, decompress: boolean, toStdout: boolean, file: string | null): Promise<boolean> {
  const z = () => (decompress ? createGunzip() : createGzip({ level: level(p) }));
  const label = file ?? "stdin";
  const testOnly = has(p, "t");
  try {
    const source = file === null ? t.io.stdin : await t.files.openRead(file, t.cwd);
    if (testOnly || toStdout || file === null) {
      await pump(z(), source, testOnly ? null : t.io.stdout, t.ctx);
      return true;
    }
    const target = decompress ? plainName(file) : `${file}.gz`;
    if (target === null) {
      await t.err(`${t.name}: ${file}: unknown suffix -- ignored\n`);
      return false;
    }
    if (!decompress && plainName(file) !== null && !has(p, "f")) {
      await t.err(`${t.name}: ${file} already has ${file.slice(file.lastIndexOf("."))} suffix -- unchanged\n`);
      return false;
    }
    if (t.files.exists(target, t.cwd) && !has(p, "f")) {
      await t.err(`${t.name}: ${target} already exists; not overwritten\n`);
      return false;
    }
    const sink: ByteSink = await t.files.openWrite(target, t.cwd, false);
    try {
      await pump(z(), source, sink, t.ctx);
    } catch (e) {
      await sink.close();
      t.files.unlink(target, t.cwd);
      throw e;
    }
    await sink.close();
    if (!has(p, "k")) t.files.unlink(file, t.cwd);
    return true;
  } catch (e) {
    if (e instanceof ZlibError) {
      await t.err(`${t.name}: ${label}: ${decompress ? "not in gzip format or corrupt" : "compression failed"} (${e.message})\n`);
      return false;
    }
    if (e instanceof TaskAbort) throw e; // a kill unwinds the task
    await t.err(`${t.name}: ${label}: ${e instanceof Error ? e.message : String(e)}\n`);
    return false;
  }
}

function gzipTool(mode: "gzip" | "gunzip" | "zcat"): Tool {
  return {
    usage: "[-cdfhkqt19] [FILE...]",
    help:
      `${mode === "gzip" ? "Compress" : "Decompress"} FILEs (none, or -, means stdin to stdout), with the runtime's native zlib.\n` +
      "  -c, --stdout      write to stdout, keep the files\n  -d, --decompress  decompress (gunzip, zcat)\n" +
      "  -k, --keep        keep the input files\n  -f, --force       overwrite outputs, compress .gz files again\n" +
      "  -t, --test        check compressed files\n  -1 .. -9          fast .. best compression (default 6)\n" +
      "  -q, -n, -N        accepted, no effect\n",
    spec: {
      flags: `cdkftqnNv${LEVELS}`,
      long: { stdout: "c", "to-stdout": "c", decompress: "d", uncompress: "d", keep: "k", force: "f", test: "t", quiet: "q", fast: "1", best: "9", "no-name": "n", name: "N", verbose: "v" },
    },
    async run(t: ToolRun, p: Parsed) {
      const decompress = mode !== "gzip" || has(p, "d") || has(p, "t");
      const toStdout = mode === "zcat" || has(p, "c");
      const files = p.operands.length ? p.operands : ["-"];
      let ok = true;
      for (const f of files) ok = (await one(t, p, decompress, toStdout, f === "-" ? null : f)) && ok;
      return ok ? 0 : 1;
    },
  };
}

export const gzip = gzipTool("gzip");
export const gunzip = gzipTool("gunzip");
export const zcat = gzipTool("zcat");
