// One rewriter per section kind that holds function indices or memory limits.
// Each reads the original payload and returns the new payload. `Plan` carries
// the indices of everything the instrumenter adds.
import { ByteReader, ByteWriter, InstrumentError } from "./bytes";
import { rewriteBody, rewriteConstExpr, type CodeContext } from "./code";
import { readImportDesc } from "./module";
import { readValType } from "./opcodes";

export interface Plan extends CodeContext {
  hookType: number;
  growType: number;
  limitGlobal: number;
  deniedGlobal: number;
  hookModule: string;
  hookName: string;
  exportNames: { fuel: string; memLimit: string; growDenied: string };
  initialFuel: number;
  /** Cap for declared memory maxima, in 64 KiB pages; undefined = keep. */
  memoryMaxPages?: number;
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
  const w = new ByteWriter().u32(n + 2);
  w.raw(r.bytes.subarray(r.pos, r.end));
  w.byte(0x60).u32(0).u32(0); // hook: [] -> []
  w.byte(0x60).u32(1).byte(0x7f).u32(1).byte(0x7f); // grow: [i32] -> [i32]
  void p;
  return w.finish();
}

export function rewriteImports(r: ByteReader, p: Plan): Uint8Array {
  const n = r.done ? 0 : r.u32();
  const w = new ByteWriter().u32(n + 1);
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
  return w.finish();
}

export function rewriteFunctions(r: ByteReader, p: Plan): Uint8Array {
  if (p.growFunc === null) return r.bytes.slice(r.pos, r.end);
  const n = r.done ? 0 : r.u32();
  return new ByteWriter().u32(n + 1).raw(r.bytes.subarray(r.pos, r.end)).u32(p.growType).finish();
}

export function rewriteMemories(r: ByteReader, p: Plan): Uint8Array {
  const n = r.u32();
  const w = new ByteWriter().u32(n);
  for (let i = 0; i < n; i++) copyLimits(r, w, p.memoryMaxPages);
  return w.finish();
}

export function rewriteGlobals(r: ByteReader, p: Plan): Uint8Array {
  const n = r.done ? 0 : r.u32();
  const w = new ByteWriter().u32(n + 3);
  for (let i = 0; i < n; i++) {
    const start = r.pos;
    readValType(r);
    r.u8();
    w.raw(r.bytes.subarray(start, r.pos));
    rewriteConstExpr(r, w, p.remapFunc);
  }
  w.byte(0x7f).byte(0x01).byte(0x41).s32(p.initialFuel).byte(0x0b); // fuel
  w.byte(0x7f).byte(0x01).byte(0x41).s32(MAX_PAGES).byte(0x0b); // memory limit (pages)
  w.byte(0x7f).byte(0x01).byte(0x41).s32(0).byte(0x0b); // a grow was denied
  return w.finish();
}

export function rewriteExports(r: ByteReader, p: Plan): Uint8Array {
  const n = r.done ? 0 : r.u32();
  const w = new ByteWriter().u32(n + 3);
  const taken = new Set<string>();
  for (let i = 0; i < n; i++) {
    const name = r.name();
    taken.add(name);
    const kind = r.u8();
    const index = r.u32();
    w.name(name).byte(kind).u32(kind === 0x00 ? p.remapFunc(index) : index);
  }
  const { fuel, memLimit, growDenied } = p.exportNames;
  for (const name of [fuel, memLimit, growDenied]) {
    if (taken.has(name)) throw new InstrumentError(`module already exports ${name} (instrumented twice?)`, "unsupported");
  }
  w.name(fuel).byte(0x03).u32(p.fuelGlobal);
  w.name(memLimit).byte(0x03).u32(p.limitGlobal);
  w.name(growDenied).byte(0x03).u32(p.deniedGlobal);
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
  const w = new ByteWriter().u32(n + (p.growFunc === null ? 0 : 1));
  for (let i = 0; i < n; i++) {
    const size = r.u32();
    const start = r.pos;
    r.skip(size);
    w.vecBytes(rewriteBody(r.bytes, start, r.pos, p));
  }
  if (p.growFunc !== null) {
    const body = new ByteWriter()
      .byte(0x00) // no locals
      .byte(0x20).u32(0).byte(0x23).u32(p.limitGlobal).byte(0x3f).byte(0x00).byte(0x6b).byte(0x4b) // delta > limit - size
      .byte(0x04).byte(0x7f)
      .byte(0x41).s32(1).byte(0x24).u32(p.deniedGlobal).byte(0x41).s32(-1)
      .byte(0x05)
      .byte(0x20).u32(0).byte(0x40).byte(0x00)
      .byte(0x0b).byte(0x0b)
      .finish();
    w.vecBytes(body);
  }
  return w.finish();
}

export function rewriteTables(r: ByteReader, p: Plan): Uint8Array {
  const n = r.u32();
  const w = new ByteWriter().u32(n);
  for (let i = 0; i < n; i++) {
    const start = r.pos;
    const withInit = r.peek() === 0x40; // table with an initializer expression
    if (withInit) r.skip(2);
    readValType(r);
    const flags = r.u32();
    r.skipLeb();
    if (flags & 1) r.skipLeb();
    w.raw(r.bytes.subarray(start, r.pos));
    if (withInit) rewriteConstExpr(r, w, p.remapFunc);
  }
  return w.finish();
}
