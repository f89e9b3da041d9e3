// The instruction scanner: reads one instruction and its immediates so the
// rewriter knows where each instruction ends, which ones open/close blocks,
// and which carry function indices. It covers the MVP, sign-extension,
// saturating truncation, bulk memory, reference types, tail calls, exception
// handling, threads (0xFE) and SIMD (0xFD, incl. relaxed). GC (0xFB) and
// anything unknown is rejected with an InstrumentError: the engine validates
// the output, but we must never mis-split an instruction we do not know.
// Bulk instructions are marked with what their length operand counts, because
// their cost is that length, not one instruction (see code.ts).
import { ByteReader, InstrumentError } from "./bytes.ts";

export type InstrKind =
  | "block" // block, try, try_table: opens a block that is not a loop
  | "if" // opens a block whose body control may skip
  | "arm" // else, catch, catch_all: starts another arm of the open block
  | "loop"
  | "br_if" // br_if, br_on_non_null: a branch that may fall through
  | "end"
  | "delegate" // closes a try like `end`
  | "funcref" // call, return_call, ref.func: immediate is a function index
  | "grow" // memory.grow on memory 0
  | "bulk" // memory.fill/copy/init, table.fill/copy/init/grow: length operand on top of the stack
  | "other";

/** What a bulk instruction's length operand counts. */
export type BulkUnit = "byte" | "element";

export interface Instr {
  kind: InstrKind;
  start: number;
  end: number;
  /** Function index for "funcref", and where its LEB starts/ends. */
  funcIndex?: number;
  immStart?: number;
  /** For "bulk": the unit of its length, and for table.grow the table whose current size it copies too. */
  unit?: BulkUnit;
  growsTable?: number;
}

/** Reads a value type, including the two-byte `(ref null? ht)` forms. */
export function readValType(r: ByteReader): void {
  const t = r.u8();
  if (t === 0x63 || t === 0x64) r.s33();
}

function memarg(r: ByteReader): void {
  const align = r.u32();
  if (align & 0x40) r.u32(); // multi-memory: explicit memory index
  r.skipLeb(); // offset (u64 for memory64)
}

export function readInstruction(r: ByteReader): Instr {
  const start = r.pos;
  const op = r.u8();
  const done = (kind: InstrKind): Instr => ({ kind, start, end: r.pos });

  if (op >= 0x45 && op <= 0xc4) return done("other"); // numeric, no immediates
  if (op >= 0x28 && op <= 0x3e) {
    memarg(r);
    return done("other");
  }
  switch (op) {
    case 0x00: case 0x01: case 0x0a: case 0x0f: case 0x1a: case 0x1b:
    case 0xd1: case 0xd3:
      return done("other");
    case 0x05: case 0x19: // else, catch_all
      return done("arm");
    case 0x02: case 0x06:
      r.s33();
      return done("block");
    case 0x04:
      r.s33();
      return done("if");
    case 0x03:
      r.s33();
      return done("loop");
    case 0x0b:
      return done("end");
    case 0x1f: {
      r.s33();
      const n = r.u32();
      for (let i = 0; i < n; i++) {
        const k = r.u8();
        if (k === 0 || k === 1) r.u32();
        else if (k !== 2 && k !== 3) throw new InstrumentError(`bad try_table catch kind ${k}`);
        r.u32();
      }
      return done("block");
    }
    case 0x18:
      r.u32();
      return done("delegate");
    case 0x07: // catch tag
      r.u32();
      return done("arm");
    case 0x0d: case 0xd6:
      r.u32();
      return done("br_if");
    case 0x08: case 0x09: case 0x0c: case 0x14: case 0x15: case 0xd4:
    case 0x20: case 0x21: case 0x22: case 0x23: case 0x24: case 0x25: case 0x26:
      r.u32();
      return done("other");
    case 0x0e: {
      const n = r.u32();
      for (let i = 0; i <= n; i++) r.u32();
      return done("other");
    }
    case 0x10: case 0x12: case 0xd2: {
      const immStart = r.pos;
      const funcIndex = r.u32();
      return { kind: "funcref", start, end: r.pos, funcIndex, immStart };
    }
    case 0x11: case 0x13:
      r.u32();
      r.u32();
      return done("other");
    case 0x1c: {
      const n = r.u32();
      for (let i = 0; i < n; i++) readValType(r);
      return done("other");
    }
    case 0x3f:
      r.u32();
      return done("other");
    case 0x40:
      return done(r.u32() === 0 ? "grow" : "other");
    case 0x41: case 0x42:
      r.skipLeb();
      return done("other");
    case 0x43:
      r.skip(4);
      return done("other");
    case 0x44:
      r.skip(8);
      return done("other");
    case 0xd0:
      r.s33();
      return done("other");
    case 0xfc: {
      const bulk = readPrefixFC(r);
      return bulk ? { kind: "bulk", start, end: r.pos, ...bulk } : done("other");
    }
    case 0xfd:
      readPrefixFD(r);
      return done("other");
    case 0xfe:
      readPrefixFE(r);
      return done("other");
    default:
      throw new InstrumentError(
        `unsupported instruction 0x${op.toString(16)} at byte ${start}` + (op === 0xfb ? " (GC proposal)" : ""),
        "unsupported",
      );
  }
}

/** Reads a 0xFC instruction; returns how to charge it when its cost depends on an operand. */
function readPrefixFC(r: ByteReader): Pick<Instr, "unit" | "growsTable"> | null {
  const sub = r.u32();
  if (sub <= 7) return null; // saturating truncations
  switch (sub) {
    case 8: case 10: // memory.init, memory.copy
      r.u32();
      r.u32();
      return { unit: "byte" };
    case 12: case 14: // table.init, table.copy
      r.u32();
      r.u32();
      return { unit: "element" };
    case 11: // memory.fill
      r.u32();
      return { unit: "byte" };
    case 17: // table.fill
      r.u32();
      return { unit: "element" };
    case 15: // table.grow: the engine copies the whole table into a larger one
      return { unit: "element", growsTable: r.u32() };
    case 9: case 13: case 16: // data.drop, elem.drop, table.size
      r.u32();
      return null;
    default:
      throw new InstrumentError(`unsupported instruction 0xfc ${sub}`, "unsupported");
  }
}

function readPrefixFD(r: ByteReader): void {
  const sub = r.u32();
  if (sub <= 11 || sub === 92 || sub === 93) memarg(r); // loads, stores, load_zero
  else if (sub === 12 || sub === 13) r.skip(16); // v128.const, i8x16.shuffle
  else if (sub >= 21 && sub <= 34) r.skip(1); // extract/replace lane
  else if (sub >= 84 && sub <= 91) {
    memarg(r); // load/store lane
    r.skip(1);
  } else if (sub > 0x113) throw new InstrumentError(`unsupported SIMD instruction 0xfd ${sub}`, "unsupported");
}

function readPrefixFE(r: ByteReader): void {
  const sub = r.u32();
  if (sub === 0x03) r.skip(1); // atomic.fence
  else if (sub <= 0x02 || (sub >= 0x10 && sub <= 0x4e)) memarg(r);
  else throw new InstrumentError(`unsupported atomic instruction 0xfe ${sub}`, "unsupported");
}
