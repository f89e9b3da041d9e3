// Fuel and memory instrumentation of a WebAssembly module, in pure TS.
//
// What the output module has that the input had not:
//   - import `mobula_rt.fuel_exhausted: [] -> []`, appended after the other
//     function imports, so every defined function index shifts by one
//     (calls, ref.func, exports, elements, start and globals are renumbered;
//     the `name` custom section is dropped rather than renumbered);
//   - three mutable i32 globals, exported: `__mobula_fuel` (decremented by
//     each region's cost; when it drops below zero the hook runs),
//     `__mobula_mem_limit` (pages; memory.grow beyond it fails) and
//     `__mobula_grow_denied` (set to 1 when that happened);
//   - a function replacing every `memory.grow 0` that enforces the limit;
//   - optionally, declared memory maxima capped at `memoryMaxPages`.
// The host sets `__mobula_mem_limit` before running and refills `__mobula_fuel`
// from the hook. See code.ts for the cost model.
import { ByteReader, ByteWriter, InstrumentError } from "./bytes";
import { readFacts, SEC, sectionRank } from "./module";
import * as rw from "./rewrite-sections";

export { InstrumentError } from "./bytes";

export const FUEL_MODULE = "mobula_rt";
export const FUEL_HOOK = "fuel_exhausted";
export const FUEL_EXPORT = "__mobula_fuel";
export const MEM_LIMIT_EXPORT = "__mobula_mem_limit";
export const GROW_DENIED_EXPORT = "__mobula_grow_denied";
/** Fuel a module starts with, so a start function can run before the host refills. */
export const INITIAL_FUEL = 1_000_000;

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
  const fuelGlobal = facts.globalImports + facts.definedGlobals;
  const plan: rw.Plan = {
    remapFunc: (i) => (i >= I ? i + 1 : i),
    hookFunc: I,
    growFunc: facts.hasMemory ? I + 1 + facts.definedFuncs : null,
    hookType: facts.typeCount,
    growType: facts.typeCount + 1,
    fuelGlobal,
    limitGlobal: fuelGlobal + 1,
    deniedGlobal: fuelGlobal + 2,
    hookModule: FUEL_MODULE,
    hookName: FUEL_HOOK,
    exportNames: { fuel: FUEL_EXPORT, memLimit: MEM_LIMIT_EXPORT, growDenied: GROW_DENIED_EXPORT },
    initialFuel: INITIAL_FUEL,
    memoryMaxPages: options.memoryMaxPages,
  };

  // Sections the rewrite needs even when the input has none of them.
  const mustExist: number[] = [SEC.type, SEC.import, SEC.global, SEC.export];
  if (plan.growFunc !== null) mustExist.push(SEC.function, SEC.code);
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
