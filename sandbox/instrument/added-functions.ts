// Bodies of the functions the instrumenter appends to every module: the two
// charging functions called before bulk instructions (see code.ts) and the
// guard that replaces `memory.grow 0`.
import { ByteWriter } from "./bytes.ts";
import type { BulkUnit } from "./opcodes.ts";

/**
 * Fuel per unit of a bulk instruction's length. Fuel counts instructions, and the limits
 * and the hook's yield interval were sized on what ordinary code does with it: ~8G fuel/s
 * for a tight loop and ~50G fuel/s for grep or awk in workerd. A byte costs 1: about what
 * a loop storing a word at a time spends in instructions (~1.25 per byte), and measured
 * in workerd memory.fill runs at ~90 GB/s and memory.copy at ~48 GB/s, the same scale, so
 * a bulk-memory loop reaches the CPU limit and yields (every 4 MiB) like ordinary code.
 * Table elements are slow in V8 (5-40 ns each for fill, copy, init; measured), so one costs
 * 256, which puts table loops at ~6-50G fuel/s too.
 */
export const FUEL_PER: Record<BulkUnit, number> = { byte: 1, element: 256 };

/** Largest charge taken from the i32 fuel global at once; it stays above -2^31 after one. */
const CHUNK = 2 ** 30;

export interface AddedFunctionContext {
  fuelGlobal: number;
  hookFunc: number;
  mayGrowFunc: number;
}

/**
 * `[i32 n] -> [i32 n]`: charges n (unsigned) x FUEL_PER[unit] in chunks, calling the
 * fuel hook whenever the fuel global drops below zero (the hook charges the overdraft
 * to the task and refills, yields, or kills), then returns n for the bulk instruction.
 */
export function chargeBody(unit: BulkUnit, ctx: AddedFunctionContext): Uint8Array {
  const F = ctx.fuelGlobal;
  return new ByteWriter()
    .u32(2).u32(1).byte(0x7e).u32(1).byte(0x7f) // locals: 1 = charge left (i64), 2 = this chunk (i32)
    .byte(0x20).u32(0).byte(0xad).byte(0x42).s32(FUEL_PER[unit]).byte(0x7e).byte(0x21).u32(1) // left = u64(n) * rate
    .byte(0x02).byte(0x40).byte(0x03).byte(0x40) // block, loop
    .byte(0x20).u32(1).byte(0x50).byte(0x0d).u32(1) // left == 0: done
    .byte(0x20).u32(1).byte(0x42).s32(CHUNK).byte(0x56) // chunk = left > CHUNK ? CHUNK : left
    .byte(0x04).byte(0x7f).byte(0x41).s32(CHUNK).byte(0x05).byte(0x20).u32(1).byte(0xa7).byte(0x0b)
    .byte(0x21).u32(2)
    .byte(0x23).u32(F).byte(0x20).u32(2).byte(0x6b).byte(0x24).u32(F) // F -= chunk
    .byte(0x23).u32(F).byte(0x41).s32(0).byte(0x48) // F < 0: hook
    .byte(0x04).byte(0x40).byte(0x10).u32(ctx.hookFunc).byte(0x0b)
    .byte(0x20).u32(1).byte(0x20).u32(2).byte(0xad).byte(0x7d).byte(0x21).u32(1) // left -= chunk
    .byte(0x0c).u32(0).byte(0x0b).byte(0x0b) // br loop; end loop; end block
    .byte(0x20).u32(0).byte(0x0b) // n
    .finish();
}

/**
 * `[i32 delta] -> [i32]`, in place of `memory.grow 0`: asks the host
 * (`may_grow_memory(pages now, delta)`) whether the task's memory budget has room,
 * and grows only if so; a refusal looks like any failed grow (-1).
 */
export function growGuardBody(ctx: AddedFunctionContext): Uint8Array {
  return new ByteWriter()
    .byte(0x00) // no locals
    .byte(0x3f).byte(0x00).byte(0x20).u32(0).byte(0x10).u32(ctx.mayGrowFunc) // may_grow_memory(memory.size, delta)
    .byte(0x04).byte(0x7f)
    .byte(0x20).u32(0).byte(0x40).byte(0x00) // memory.grow delta
    .byte(0x05)
    .byte(0x41).s32(-1)
    .byte(0x0b).byte(0x0b)
    .finish();
}
