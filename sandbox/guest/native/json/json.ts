// `json`, trentm's JSON command line tool (the one Manta's docs pipe job output through), as
// a native program: the engine (engine.ts) does json's work; this feeds it the task's stdin
// or -f files as they arrive, moves its output to stdout as it goes, writes -I results back,
// and charges the task's CPU and memory budgets for work no wasm fuel counts.
import { BrokenPipeError, type ByteSource } from "../../../../core/shell/index.ts";
import type { MemoryHolder } from "../../memory-budget.ts";
import type { Parsed } from "../args.ts";
import type { Tool, ToolRun } from "../tool.ts";
import { HELP_OPTIONS, JsonEngine, type Sink } from "./engine.ts";

const CHUNK = 64 * 1024;
/** Fuel per input/output byte: parsing, snippets and stringifying run at ~100-300 MB/s. */
const FUEL_PER_BYTE = 48;
/** What a buffered character costs once parsed: UTF-16 text plus the objects made from it. */
const BYTES_PER_CHAR = 8;

async function run(t: ToolRun, p: Parsed): Promise<number> {
  let out = "";
  let err = "";
  const sink: Sink = { out: (s) => void (out += s), warn: (l) => void (err += l + "\n") };
  const charge = (n: number) => t.ctx.spend(n * FUEL_PER_BYTE);
  const flushErr = async () => {
    if (err) await t.err(err);
    err = "";
  };
  const flush = async () => {
    await flushErr();
    charge(out.length);
    if (out) await t.out(out);
    out = "";
  };
  const program = JsonEngine.prepare(p.operands, sink);
  if (typeof program === "number") {
    await flush();
    return program;
  }
  const { inputFiles, inPlace, quiet } = program.opts;
  const engine = new JsonEngine(program, sink, inputFiles.length === 1 ? inputFiles[0] : undefined);
  const holder: MemoryHolder = { bytes: () => engine.buffered * BYTES_PER_CHAR };
  t.ctx.memory.join(holder);
  try {
    const sources: (() => Promise<ByteSource>)[] = inputFiles.length ? inputFiles.map((f) => () => t.files.openRead(f, t.cwd)) : [async () => t.io.stdin];
    for (const [i, open] of sources.entries()) {
      let source: ByteSource;
      try {
        source = await open();
      } catch (e) {
        await t.err(`json: error: could not read "${inputFiles[i]}": ${e instanceof Error ? e.message : String(e)}\n`);
        return 1;
      }
      const decoder = new TextDecoder();
      for (;;) {
        const bytes = await t.ctx.guard(source.read(CHUNK));
        if (bytes !== null) charge(bytes.length);
        engine.feed(bytes === null ? decoder.decode() : decoder.decode(bytes, { stream: true }));
        if (!t.ctx.memory.allows(holder, holder.bytes())) throw t.ctx.outOfMemory();
        // -I holds the output back for the file; otherwise it goes out as it is made.
        if (inPlace) await flushErr();
        else await flush();
        if (bytes === null || engine.status !== null) break;
      }
      if (engine.status !== null) break;
    }
    const status = engine.end();
    if (inPlace && status === 0) {
      const file = inputFiles[0]!;
      charge(out.length);
      const target = await t.files.openWrite(file, t.cwd, false);
      await target.write(new TextEncoder().encode(out));
      await target.close();
      out = "";
      if (!quiet) err += `json: updated "${file}" in-place\n`;
    }
    await flush();
    return status;
  } catch (e) {
    if (e instanceof BrokenPipeError) return 0; // like json on EPIPE: the reader has what it wanted
    throw e;
  } finally {
    t.ctx.memory.leave(holder);
  }
}

export const json: Tool = {
  usage: "[OPTIONS] [LOOKUPS...]",
  help: HELP_OPTIONS,
  spec: {},
  rawArgs: true,
  run,
};
