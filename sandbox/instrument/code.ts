// Rewrites one function body (and constant expressions) for fuel metering.
//
// Cost model: 1 fuel = 1 instruction (`end` is free), charged in advance per
// segment: a run of code that control enters only at its top. A segment starts
// at the function's entry, after `loop` (each iteration), after `if`, `else`,
// `catch` and `catch_all` (an arm), after `br_if` (the code an early exit
// skips), and after every `end` but the last (a join: code after a block is
// reached by branches as well as by falling through). Nested blocks therefore
// charge only the arms that run, so a `switch` compiled to a `br_table` costs
// its one case, not all of them. A segment ends in at most one unconditional
// `br`, `br_table` or `return`, and what follows one is dead up to the next
// `end`, so fuel stays an upper bound of the instructions executed. (Until 2026-11 a function's or loop's whole
// body was charged on entry, every arm included: grep and awk paid 20 to 100
// times their instruction count, too loose to state a CPU limit in seconds.)
//
// Only the function entry and `loop` headers check the counter: only calls and
// loops repeat, so between two checks a program runs at most one forward pass
// through one function body, and the hook sees that overdraft as a negative
// counter and charges it too. Inserted code:
//   check (entry, after `loop`):  global.get F; i32.const cost; i32.sub; global.set F
//                                 global.get F; i32.const 0; i32.lt_s; if; call $fuel_exhausted; end
//   charge (other segments):      global.get F; i32.const cost; i32.sub; global.set F
// The hook refills F (an exported global) or throws. The `if` is closed at
// once, so branch depths of the original code are unchanged.
//
// Bulk instructions do work in proportion to an operand, so one instruction
// is no bound: a loop around a 1 MiB `memory.fill` cost 6 fuel per MiB and
// held the thread for seconds between fuel hooks. Each is preceded by a call
// to a charging function (added-functions.ts) that takes its length operand,
// charges length x rate and returns the length untouched, so the operand
// stack is as before and no local is needed. `table.grow` also pays for the
// table's current size, which the engine copies into the grown table.
import { ByteReader, ByteWriter, InstrumentError } from "./bytes.ts";
import { readInstruction, readValType, type BulkUnit, type Instr } from "./opcodes.ts";

export interface CodeContext {
  remapFunc(index: number): number;
  fuelGlobal: number;
  hookFunc: number;
  /** Function that replaces `memory.grow 0`, or null to leave grows alone. */
  growFunc: number | null;
  /** Charging functions `[i32 length] -> [i32 length]`, one per unit. */
  chargeFunc: Record<BulkUnit, number>;
}

export function emitFuelCheck(w: ByteWriter, cost: number, ctx: CodeContext): void {
  emitCharge(w, Math.max(1, cost), ctx);
  const g = ctx.fuelGlobal;
  w.byte(0x23).u32(g).byte(0x41).byte(0x00).byte(0x48);
  w.byte(0x04).byte(0x40).byte(0x10).u32(ctx.hookFunc).byte(0x0b);
}

function emitCharge(w: ByteWriter, cost: number, ctx: CodeContext): void {
  const g = ctx.fuelGlobal;
  w.byte(0x23).u32(g).byte(0x41).s32(cost).byte(0x6b).byte(0x24).u32(g);
}

/** A run of code entered only at its top, charged there; `after` is the instruction it follows (-1: the entry). */
interface Segment {
  after: number;
  check: boolean;
  cost: number;
}

/** Rewrites a code entry's body (bytes between the size prefix and the next entry). */
export function rewriteBody(bytes: Uint8Array, start: number, end: number, ctx: CodeContext): Uint8Array {
  const r = new ByteReader(bytes, start, end);
  const groups = r.u32();
  for (let i = 0; i < groups; i++) {
    r.u32();
    readValType(r);
  }
  const localsEnd = r.pos;

  // Pass 1: instruction boundaries and segments.
  const instrs: Instr[] = [];
  const segments: Segment[] = [{ after: -1, check: true, cost: 0 }];
  let seg = segments[0]!;
  const open = (after: number, check: boolean) => segments.push((seg = { after, check, cost: 0 }));
  let depth = 0; // open blocks
  let closed = false;
  while (!r.done) {
    const ins = readInstruction(r);
    const i = instrs.push(ins) - 1;
    if (ins.kind !== "end") seg.cost++;
    if (ins.kind === "block") depth++;
    else if (ins.kind === "if" || ins.kind === "loop") {
      depth++;
      open(i, ins.kind === "loop");
    } else if (ins.kind === "arm" || ins.kind === "br_if") open(i, false);
    else if (ins.kind === "end" || ins.kind === "delegate") {
      if (depth === 0) {
        if (ins.kind === "delegate") throw new InstrumentError("delegate outside a try block");
        closed = true;
        break;
      }
      depth--;
      open(i, false);
    }
  }
  if (!closed || r.pos !== end) throw new InstrumentError("function body does not end with its final `end`");
  const segmentAfter = new Map(segments.filter((s) => s.after >= 0 && (s.check || s.cost > 0)).map((s) => [s.after, s]));

  // Pass 2: copy, inserting charges and renumbering function indices.
  const w = new ByteWriter();
  w.raw(bytes.subarray(start, localsEnd));
  emitFuelCheck(w, segments[0]!.cost, ctx);
  let copied = localsEnd;
  const flush = (to: number) => {
    if (to > copied) w.raw(bytes.subarray(copied, to));
    copied = to;
  };
  instrs.forEach((ins, i) => {
    const s = segmentAfter.get(i);
    if (s) {
      flush(ins.end);
      if (s.check) emitFuelCheck(w, s.cost, ctx);
      else emitCharge(w, s.cost, ctx);
    } else if (ins.kind === "funcref") {
      const remapped = ctx.remapFunc(ins.funcIndex!);
      if (remapped !== ins.funcIndex) {
        flush(ins.immStart!);
        w.u32(remapped);
        copied = ins.end;
      }
    } else if (ins.kind === "bulk") {
      flush(ins.start);
      if (ins.growsTable !== undefined) {
        // table.size t; call $charge_element; drop
        w.byte(0xfc).u32(16).u32(ins.growsTable).byte(0x10).u32(ctx.chargeFunc.element).byte(0x1a);
      }
      w.byte(0x10).u32(ctx.chargeFunc[ins.unit!]);
    } else if (ins.kind === "grow" && ctx.growFunc !== null) {
      flush(ins.start);
      w.byte(0x10).u32(ctx.growFunc);
      copied = ins.end;
    }
  });
  flush(end);
  return w.finish();
}

/**
 * Rewrites a constant expression (global init, element item, offsets) that
 * starts at r.pos, renumbering `ref.func`; leaves r after its final `end`.
 */
export function rewriteConstExpr(r: ByteReader, w: ByteWriter, remapFunc: (i: number) => number): void {
  for (;;) {
    const ins = readInstruction(r);
    if (ins.kind === "funcref") {
      w.raw(r.bytes.subarray(ins.start, ins.immStart!)).u32(remapFunc(ins.funcIndex!));
    } else {
      w.raw(r.bytes.subarray(ins.start, ins.end));
    }
    if (ins.kind === "end") return;
    if (ins.kind !== "other" && ins.kind !== "funcref") throw new InstrumentError("block in a constant expression");
  }
}
