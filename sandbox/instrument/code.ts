// Rewrites one function body (and constant expressions) for fuel metering.
//
// Cost model: 1 fuel = 1 instruction, charged in advance per region. A
// function's entry charges every instruction of the function that is not
// inside a loop; each `loop` header charges every instruction directly in
// that loop (nested loops charge their own). So each loop iteration, and each
// call, costs at most its lexical size: an upper bound that is cheap to check
// and makes every unbounded execution path pay (only loops and calls repeat).
//
// Bulk instructions do work in proportion to an operand, so one instruction
// is no bound: a loop around a 1 MiB `memory.fill` cost 6 fuel per MiB and
// held the thread for seconds between fuel hooks. Each is preceded by a call
// to a charging function (added-functions.ts) that takes its length operand,
// charges length x rate and returns the length untouched, so the operand
// stack is as before and no local is needed. `table.grow` also pays for the
// table's current size, which the engine copies into the grown table.
//
// Inserted check, after the locals and after every `loop` instruction:
//   global.get F; i32.const cost; i32.sub; global.set F
//   global.get F; i32.const 0; i32.lt_s; if; call $fuel_exhausted; end
// The hook refills F (an exported global) or throws. The `if` is closed at
// once, so branch depths of the original code are unchanged.
import { ByteReader, ByteWriter, InstrumentError } from "./bytes";
import { readInstruction, readValType, type BulkUnit, type Instr } from "./opcodes";

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
  const g = ctx.fuelGlobal;
  w.byte(0x23).u32(g).byte(0x41).s32(Math.max(1, cost)).byte(0x6b).byte(0x24).u32(g);
  w.byte(0x23).u32(g).byte(0x41).byte(0x00).byte(0x48);
  w.byte(0x04).byte(0x40).byte(0x10).u32(ctx.hookFunc).byte(0x0b);
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

  // Pass 1: instruction boundaries and per-region costs.
  const instrs: Instr[] = [];
  const costs: number[] = [0];
  const loopOf = new Map<number, number>(); // instr index of a loop -> cost slot
  const stack: number[] = []; // cost slot of each open block (-1 = not a loop)
  let region = 0;
  const regionStack: number[] = [];
  let closed = false;
  while (!r.done) {
    const ins = readInstruction(r);
    instrs.push(ins);
    costs[region]++;
    if (ins.kind === "block") {
      stack.push(-1);
    } else if (ins.kind === "loop") {
      const slot = costs.push(0) - 1;
      loopOf.set(instrs.length - 1, slot);
      stack.push(slot);
      regionStack.push(region);
      region = slot;
    } else if (ins.kind === "end" || ins.kind === "delegate") {
      if (stack.length === 0) {
        if (ins.kind === "delegate") throw new InstrumentError("delegate outside a try block");
        closed = true;
        break;
      }
      if (stack.pop()! >= 0) region = regionStack.pop()!;
    }
  }
  if (!closed || r.pos !== end) throw new InstrumentError("function body does not end with its final `end`");

  // Pass 2: copy, inserting checks and renumbering function indices.
  const w = new ByteWriter();
  w.raw(bytes.subarray(start, localsEnd));
  emitFuelCheck(w, costs[0], ctx);
  let copied = localsEnd;
  const flush = (to: number) => {
    if (to > copied) w.raw(bytes.subarray(copied, to));
    copied = to;
  };
  instrs.forEach((ins, i) => {
    if (ins.kind === "loop") {
      flush(ins.end);
      emitFuelCheck(w, costs[loopOf.get(i)!], ctx);
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
