// Splits a module into sections and reads the few facts the rewriter needs:
// how many functions and globals are imported, whether a memory exists, the
// sizes of its tables, and the type section's size. Component-model binaries,
// GC type sections and several memories are rejected: they need more than
// index shifting, and the memory budget accounts for one memory per program.
import { ByteReader, InstrumentError } from "./bytes.ts";
import { readInstruction, readValType } from "./opcodes.ts";

export const SEC = {
  custom: 0, type: 1, import: 2, function: 3, table: 4, memory: 5, global: 6,
  export: 7, start: 8, element: 9, code: 10, data: 11, dataCount: 12, tag: 13,
} as const;

/** Canonical order of non-custom sections (tag sits between memory and global). */
const ORDER: number[] = [1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11];
export const sectionRank = (id: number): number => ORDER.indexOf(id);

export interface Section {
  id: number;
  start: number; // payload start
  end: number; // payload end
}

export interface ModuleFacts {
  sections: Section[];
  typeCount: number;
  funcImports: number;
  globalImports: number;
  definedFuncs: number;
  definedGlobals: number;
  hasMemory: boolean;
  /** Initial sizes of the defined tables, in elements. */
  tableMins: number[];
}

export function readSections(bytes: Uint8Array): Section[] {
  const magic = [0x00, 0x61, 0x73, 0x6d];
  if (bytes.length < 8 || magic.some((b, i) => bytes[i] !== b)) throw new InstrumentError("not a WebAssembly module");
  if (bytes[4] !== 1 || bytes[5] !== 0 || bytes[6] !== 0 || bytes[7] !== 0) {
    throw new InstrumentError("unsupported WebAssembly binary version (components are not supported)", "unsupported");
  }
  const r = new ByteReader(bytes, 8);
  const sections: Section[] = [];
  while (!r.done) {
    const id = r.u8();
    const size = r.u32();
    const start = r.pos;
    r.skip(size);
    if (id > 13) throw new InstrumentError(`unknown section id ${id}`);
    sections.push({ id, start, end: r.pos });
  }
  return sections;
}

/** Skips a limits record; returns nothing, callers that need values parse themselves. */
export function skipLimits(r: ByteReader): void {
  const flags = r.u32();
  r.skipLeb();
  if (flags & 1) r.skipLeb();
}

export function readImportDesc(r: ByteReader, kind: number): void {
  switch (kind) {
    case 0x00: r.u32(); return;
    case 0x01: readValType(r); skipLimits(r); return;
    case 0x02: skipLimits(r); return;
    case 0x03: readValType(r); r.u8(); return;
    case 0x04: r.u8(); r.u32(); return;
    default: throw new InstrumentError(`unknown import kind ${kind}`);
  }
}

export function readFacts(bytes: Uint8Array): ModuleFacts {
  const sections = readSections(bytes);
  const facts: ModuleFacts = {
    sections, typeCount: 0, funcImports: 0, globalImports: 0, definedFuncs: 0, definedGlobals: 0, hasMemory: false,
    tableMins: [],
  };
  let memories = 0;
  for (const s of sections) {
    const r = new ByteReader(bytes, s.start, s.end);
    if (s.id === SEC.type) {
      facts.typeCount = r.u32();
      // Plain function types only: rec groups/subtypes (GC) change index rules.
      for (let i = 0; i < facts.typeCount; i++) {
        if (r.u8() !== 0x60) throw new InstrumentError("GC type definitions are not supported", "unsupported");
        for (let k = 0; k < 2; k++) {
          const n = r.u32();
          for (let j = 0; j < n; j++) readValType(r);
        }
      }
    } else if (s.id === SEC.import) {
      const n = r.u32();
      for (let i = 0; i < n; i++) {
        r.name();
        r.name();
        const kind = r.u8();
        if (kind === 0x00) facts.funcImports++;
        if (kind === 0x02) memories++;
        if (kind === 0x03) facts.globalImports++;
        readImportDesc(r, kind);
      }
    } else if (s.id === SEC.function) {
      facts.definedFuncs = r.u32();
    } else if (s.id === SEC.global) {
      facts.definedGlobals = r.u32();
    } else if (s.id === SEC.memory) {
      memories += r.u32();
    } else if (s.id === SEC.table) {
      facts.tableMins = readTableMins(r);
    }
  }
  if (memories > 1) throw new InstrumentError("modules with more than one memory are not supported", "unsupported");
  facts.hasMemory = memories === 1;
  return facts;
}

function readTableMins(r: ByteReader): number[] {
  const mins: number[] = [];
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    const withInit = r.peek() === 0x40; // table with an initializer expression
    if (withInit) r.skip(2);
    readValType(r);
    const flags = r.u32();
    if (flags & 4) throw new InstrumentError("64-bit tables are not supported", "unsupported");
    mins.push(r.u32());
    if (flags & 1) r.skipLeb();
    if (withInit) while (readInstruction(r).kind !== "end");
  }
  return mins;
}
