// One rewriter per section kind that holds function indices or memory limits.
// Each reads the original payload and returns the new payload. `Plan` carries
// the indices of everything the instrumenter adds.
import { chargeBody, growGuardBody } from "./added-functions.ts";
import { ByteReader, ByteWriter, InstrumentError } from "./bytes.ts";
import { rewriteBody, rewriteConstExpr, type CodeContext } from "./code.ts";
import { readImportDesc } from "./module.ts";
import { readValType } from "./opcodes.ts";

export interface Plan extends CodeContext {
  hookType: number;
  /** `[i32] -> [i32]`: the charging functions and the grow guard. */
  unaryType: number;
  mayGrowType: number;
  mayGrowFunc: number;
  hookModule: string;
  hookName: string;
  mayGrowName: string;
  fuelExport: string;
  initialFuel: number;
  /** Cap for declared memory maxima, in 64 KiB pages; undefined = keep. */
  memoryMaxPages?: number;
  /** Elements of the module's defined tables, and the most they may grow to together. */
  tableMins: number[];
  maxTableElements: number;
}

const MAX_PAGES = 65536;

function copyLimits(r: ByteReader, w: ByteWriter, capPages: number | undefined): void {
  const flags = r.u32();
  if (flags & 4) throw new InstrumentError("64-bit memories are not supported", "unsupported");
  const min = r.u32();
  const max = flags & 1 ? r.u32() : undefined;
  if (capPages === undefined) {
    w.u32(flags).u32(min);
    if (max !== undefined) w.u32(max);
    return;
  }
  if (min > capPages) {
    throw new InstrumentError(
      `memory limit exceeded (${Math.ceil(capPages / 16)} MiB): the program needs ${Math.ceil(min / 16)} MiB at start`,
      "memory",
    );
  }
  w.u32(flags | 1).u32(min).u32(Math.min(max ?? MAX_PAGES, capPages));
}

export function rewriteTypes(r: ByteReader, p: Plan): Uint8Array {
  const n = r.done ? 0 : r.u32();
  const w = new ByteWriter().u32(n + 3);
  w.raw(r.bytes.subarray(r.pos, r.end));
  w.byte(0x60).u32(0).u32(0); // hook: [] -> []
  w.byte(0x60).u32(1).byte(0x7f).u32(1).byte(0x7f); // charge, grow: [i32] -> [i32]
  w.byte(0x60).u32(2).byte(0x7f).byte(0x7f).u32(1).byte(0x7f); // may_grow_memory: [i32 i32] -> [i32]
  void p;
  return w.finish();
}

export function rewriteImports(r: ByteReader, p: Plan): Uint8Array {
  const n = r.done ? 0 : r.u32();
  const w = new ByteWriter().u32(n + 2);
  for (let i = 0; i < n; i++) {
    const start = r.pos;
    r.name();
    r.name();
    const kind = r.u8();
    if (kind === 0x02) {
      w.raw(r.bytes.subarray(start, r.pos));
      copyLimits(r, w, p.memoryMaxPages);
    } else {
      readImportDesc(r, kind);
      w.raw(r.bytes.subarray(start, r.pos));
    }
  }
  w.name(p.hookModule).name(p.hookName).byte(0x00).u32(p.hookType);
  w.name(p.hookModule).name(p.mayGrowName).byte(0x00).u32(p.mayGrowType);
  return w.finish();
}

/** Functions appended to the module, in index order: charge per byte, per element, grow guard. */
function addedBodies(p: Plan): Uint8Array[] {
  const bodies = [chargeBody("byte", p), chargeBody("element", p)];
  if (p.growFunc !== null) bodies.push(growGuardBody(p));
  return bodies;
}

export function rewriteFunctions(r: ByteReader, p: Plan): Uint8Array {
  const n = r.done ? 0 : r.u32();
  const w = new ByteWriter().u32(n + addedBodies(p).length).raw(r.bytes.subarray(r.pos, r.end));
  for (const _ of addedBodies(p)) w.u32(p.unaryType);
  return w.finish();
}

export function rewriteMemories(r: ByteReader, p: Plan): Uint8Array {
  const n = r.u32();
  const w = new ByteWriter().u32(n);
  for (let i = 0; i < n; i++) copyLimits(r, w, p.memoryMaxPages);
  return w.finish();
}

export function rewriteGlobals(r: ByteReader, p: Plan): Uint8Array {
  const n = r.done ? 0 : r.u32();
  const w = new ByteWriter().u32(n + 1);
  for (let i = 0; i < n; i++) {
    const start = r.pos;
    readValType(r);
    r.u8();
    w.raw(r.bytes.subarray(start, r.pos));
    rewriteConstExpr(r, w, p.remapFunc);
  }
  w.byte(0x7f).byte(0x01).byte(0x41).s32(p.initialFuel).byte(0x0b); // fuel
  return w.finish();
}

export function rewriteExports(r: ByteReader, p: Plan): Uint8Array {
  const n = r.done ? 0 : r.u32();
  const w = new ByteWriter().u32(n + 1);
  for (let i = 0; i < n; i++) {
    const name = r.name();
    if (name === p.fuelExport) throw new InstrumentError(`module already exports ${name} (instrumented twice?)`, "unsupported");
    const kind = r.u8();
    const index = r.u32();
    w.name(name).byte(kind).u32(kind === 0x00 ? p.remapFunc(index) : index);
  }
  w.name(p.fuelExport).byte(0x03).u32(p.fuelGlobal);
  return w.finish();
}

export function rewriteStart(r: ByteReader, p: Plan): Uint8Array {
  return new ByteWriter().u32(p.remapFunc(r.u32())).finish();
}

export function rewriteElements(r: ByteReader, p: Plan): Uint8Array {
  const n = r.u32();
  const w = new ByteWriter().u32(n);
  for (let i = 0; i < n; i++) {
    const flags = r.u32();
    w.u32(flags);
    if (flags > 7) throw new InstrumentError(`unknown element segment flags ${flags}`);
    if (flags === 2 || flags === 6) w.u32(r.u32()); // table index
    if ((flags & 1) === 0) rewriteConstExpr(r, w, p.remapFunc); // offset (active)
    if (flags & 3) {
      // elemkind (0x00) or reftype follows, except for flags 0 and 4
      const start = r.pos;
      if (flags & 4) readValType(r);
      else r.u8();
      w.raw(r.bytes.subarray(start, r.pos));
    }
    const count = r.u32();
    w.u32(count);
    for (let k = 0; k < count; k++) {
      if (flags & 4) rewriteConstExpr(r, w, p.remapFunc);
      else w.u32(p.remapFunc(r.u32()));
    }
  }
  return w.finish();
}

export function rewriteCode(r: ByteReader, p: Plan): Uint8Array {
  const n = r.done ? 0 : r.u32();
  const added = addedBodies(p);
  const w = new ByteWriter().u32(n + added.length);
  for (let i = 0; i < n; i++) {
    const size = r.u32();
    const start = r.pos;
    r.skip(size);
    w.vecBytes(rewriteBody(r.bytes, start, r.pos, p));
  }
  for (const body of added) w.vecBytes(body);
  return w.finish();
}

/**
 * Caps every table's maximum so that the tables together never exceed
 * `maxTableElements`: table memory lives outside linear memory, so without a
 * cap `table.grow` would escape the memory budget (V8 allows 10M elements per
 * table). The room left above the initial sizes is split evenly among them.
 */
export function rewriteTables(r: ByteReader, p: Plan): Uint8Array {
  const n = r.u32();
  const slack = p.maxTableElements - p.tableMins.reduce((a, b) => a + b, 0);
  if (slack < 0) {
    throw new InstrumentError(`memory limit exceeded: the program's tables need more than ${p.maxTableElements} elements`, "memory");
  }
  const w = new ByteWriter().u32(n);
  for (let i = 0; i < n; i++) {
    const start = r.pos;
    const withInit = r.peek() === 0x40;
    if (withInit) r.skip(2);
    readValType(r);
    w.raw(r.bytes.subarray(start, r.pos));
    const flags = r.u32();
    const min = r.u32();
    const max = flags & 1 ? r.u32() : Infinity;
    w.u32(flags | 1).u32(min).u32(Math.min(max, min + Math.floor(slack / n)));
    if (withInit) rewriteConstExpr(r, w, p.remapFunc);
  }
  return w.finish();
}
