// Fuel and memory instrumentation of a WebAssembly module, in pure TS.
//
// What the output module has that the input had not:
//   - imports `mobula_rt.fuel_exhausted: [] -> []` and
//     `mobula_rt.may_grow_memory: [i32 pages, i32 delta] -> [i32 ok]`, appended
//     after the other function imports, so every defined function index shifts
//     by two (calls, ref.func, exports, elements, start and globals are
//     renumbered; the `name` custom section is dropped rather than renumbered);
//   - a mutable i32 global, exported as `__mobula_fuel`, decremented by each
//     region's cost; when it drops below zero the hook runs;
//   - two functions charging bulk instructions by their length (code.ts), and
//     one replacing every `memory.grow 0` that grows only if the host allows;
//   - table maxima capped (MAX_TABLE_ELEMENTS in all) and, optionally,
//     declared memory maxima capped at `memoryMaxPages`.
// The host refills `__mobula_fuel` from the hook and answers may_grow_memory
// from the task's memory budget. See code.ts for the cost model.
import { ByteReader, ByteWriter, InstrumentError } from "./bytes.ts";
import { readFacts, SEC, sectionRank } from "./module.ts";
import * as rw from "./rewrite-sections.ts";

export { InstrumentError } from "./bytes.ts";

export const FUEL_MODULE = "mobula_rt";
export const FUEL_HOOK = "fuel_exhausted";
export const MAY_GROW_HOOK = "may_grow_memory";
export const FUEL_EXPORT = "__mobula_fuel";
/** Fuel a module starts with, so a start function can run before the host refills. */
export const INITIAL_FUEL = 1_000_000;
/**
 * Elements all of a program's tables may hold together. A function table holds the
 * program's address-taken functions (5 to 9 in the toolbox); V8 spends ~28 bytes per
 * element (measured: the table plus call_indirect's dispatch data), so this keeps a
 * program's tables within ~7 MiB, which the memory budget does not see.
 */
export const MAX_TABLE_ELEMENTS = 1 << 18;

export interface InstrumentOptions {
  /** Cap declared memory maxima (64 KiB pages). Omit to keep them (the runtime limit still applies). */
  memoryMaxPages?: number;
}

type Rewriter = (r: ByteReader, p: rw.Plan) => Uint8Array;

const REWRITERS: Partial<Record<number, Rewriter>> = {
  [SEC.type]: rw.rewriteTypes,
  [SEC.import]: rw.rewriteImports,
  [SEC.function]: rw.rewriteFunctions,
  [SEC.table]: rw.rewriteTables,
  [SEC.memory]: rw.rewriteMemories,
  [SEC.global]: rw.rewriteGlobals,
  [SEC.export]: rw.rewriteExports,
  [SEC.start]: rw.rewriteStart,
  [SEC.element]: rw.rewriteElements,
  [SEC.code]: rw.rewriteCode,
};

export function instrument(input: Uint8Array, options: InstrumentOptions = {}): Uint8Array {
  const facts = readFacts(input);
  const I = facts.funcImports;
  const added = I + 2 + facts.definedFuncs; // first appended function
  const plan: rw.Plan = {
    remapFunc: (i) => (i >= I ? i + 2 : i),
    hookFunc: I,
    mayGrowFunc: I + 1,
    chargeFunc: { byte: added, element: added + 1 },
    growFunc: facts.hasMemory ? added + 2 : null,
    hookType: facts.typeCount,
    unaryType: facts.typeCount + 1,
    mayGrowType: facts.typeCount + 2,
    fuelGlobal: facts.globalImports + facts.definedGlobals,
    hookModule: FUEL_MODULE,
    hookName: FUEL_HOOK,
    mayGrowName: MAY_GROW_HOOK,
    fuelExport: FUEL_EXPORT,
    initialFuel: INITIAL_FUEL,
    memoryMaxPages: options.memoryMaxPages,
    tableMins: facts.tableMins,
    maxTableElements: MAX_TABLE_ELEMENTS,
  };

  // Sections the rewrite needs even when the input has none of them.
  const mustExist: number[] = [SEC.type, SEC.import, SEC.function, SEC.global, SEC.export, SEC.code];
  const missing = mustExist.filter((id) => !facts.sections.some((s) => s.id === id)).sort(
    (a, b) => sectionRank(a) - sectionRank(b),
  );
  const empty = new Uint8Array(0);

  const out = new ByteWriter().raw(input.subarray(0, 8));
  const emit = (id: number, payload: Uint8Array) => out.byte(id).vecBytes(payload);
  const emitMissingBefore = (rank: number) => {
    while (missing.length && sectionRank(missing[0]) < rank) {
      const id = missing.shift()!;
      emit(id, REWRITERS[id]!(new ByteReader(empty), plan));
    }
  };

  for (const s of facts.sections) {
    if (s.id === SEC.custom) {
      const r = new ByteReader(input, s.start, s.end);
      if (r.name() === "name") continue; // function indices shifted; debug names only
      emit(s.id, input.subarray(s.start, s.end));
      continue;
    }
    emitMissingBefore(sectionRank(s.id));
    const rewrite = REWRITERS[s.id];
    const r = new ByteReader(input, s.start, s.end);
    const payload = rewrite ? rewrite(r, plan) : input.subarray(s.start, s.end);
    // Rewriters that parse entry by entry must consume the whole payload.
    const copiesTail = s.id === SEC.type || s.id === SEC.function;
    if (rewrite && !copiesTail && !r.done) throw new InstrumentError(`trailing bytes in section ${s.id}`);
    emit(s.id, payload);
  }
  emitMissingBefore(Infinity);
  return out.finish();
}
