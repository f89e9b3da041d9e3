// Bulk instructions under the instrumenter, run in Node: they pay fuel in
// proportion to their length operand (so a loop of large fills runs out of
// fuel and reaches the hook, where the host yields), and tables cannot grow
// past a fixed number of elements.
import { describe, expect, it } from "vitest";
import { FUEL_PER } from "../../sandbox/instrument/added-functions.ts";
import { ByteWriter } from "../../sandbox/instrument/bytes.ts";
import {
  FUEL_EXPORT, FUEL_HOOK, FUEL_MODULE, instrument, InstrumentError, MAX_TABLE_ELEMENTS, MAY_GROW_HOOK,
} from "../../sandbox/instrument/index.ts";

type Op = "fill" | "copy" | "init" | "tfill" | "tcopy" | "tinit" | "tgrow";

/**
 * Hand-assembled module: one export per bulk instruction, each taking the length
 * (`tgrow` returns table.grow's result). Memory of 32 pages, a table of 16 funcrefs,
 * a passive data segment of 64 bytes and a passive element segment of 8 functions.
 */
function bulkModule(tableMin = 16): Uint8Array {
  const w = new ByteWriter().raw(Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  const sec = (id: number, body: ByteWriter) => w.byte(id).vecBytes(body.finish());
  const ops: Array<[Op, number[]]> = [
    ["fill", [0x41, 0, 0x41, 0, 0x20, 0, 0xfc, 11, 0]],
    ["copy", [0x41, 0, 0x41, 0, 0x20, 0, 0xfc, 10, 0, 0]],
    ["init", [0x41, 0, 0x41, 0, 0x20, 0, 0xfc, 8, 0, 0]],
    ["tfill", [0x41, 0, 0xd0, 0x70, 0x20, 0, 0xfc, 17, 0]],
    ["tcopy", [0x41, 0, 0x41, 0, 0x20, 0, 0xfc, 14, 0, 0]],
    ["tinit", [0x41, 0, 0x41, 0, 0x20, 0, 0xfc, 12, 0, 0]],
    ["tgrow", [0xd0, 0x70, 0x20, 0, 0xfc, 15, 0]],
  ];
  sec(1, new ByteWriter().u32(2).raw(Uint8Array.from([0x60, 1, 0x7f, 0, 0x60, 1, 0x7f, 1, 0x7f]))); // (i32)->(), (i32)->i32
  sec(3, new ByteWriter().u32(ops.length).raw(Uint8Array.from(ops.map(([op]) => (op === "tgrow" ? 1 : 0)))));
  sec(4, new ByteWriter().u32(1).byte(0x70).byte(0).u32(tableMin));
  sec(5, new ByteWriter().u32(1).byte(0).u32(32));
  const exps = new ByteWriter().u32(ops.length);
  ops.forEach(([op], i) => exps.name(op).byte(0).u32(i));
  sec(7, exps);
  sec(9, new ByteWriter().u32(1).u32(1).byte(0).u32(8).raw(new Uint8Array(8))); // passive: func 0, 8 times
  sec(12, new ByteWriter().u32(1));
  const code = new ByteWriter().u32(ops.length);
  for (const [, body] of ops) code.vecBytes(Uint8Array.from([0, ...body, 0x0b]));
  sec(10, code);
  sec(11, new ByteWriter().u32(1).u32(1).vecBytes(new Uint8Array(64).fill(7))); // passive data
  return w.finish();
}

/**
 * Instantiates an instrumented module whose hook, like the host's, charges the overdraft and
 * grants `slice` until `budget` is spent; measures each call's fuel.
 */
function meter(bytes: Uint8Array, opts: { budget?: number; slice?: number } = {}) {
  let budget = opts.budget ?? Number.MAX_SAFE_INTEGER;
  const slice = opts.slice ?? 1_000_000;
  const state = { granted: 0, refills: 0 };
  let fuel: WebAssembly.Global | null = null;
  const hook = () => {
    state.refills++;
    budget += fuel!.value as number; // the overdraft (<= -1)
    if (budget <= 0) throw new Error("CPU limit exceeded");
    const grant = Math.min(slice, budget);
    budget -= grant;
    state.granted += grant - (fuel!.value as number);
    fuel!.value = grant;
  };
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
    [FUEL_MODULE]: { [FUEL_HOOK]: hook, [MAY_GROW_HOOK]: () => 1 },
  });
  fuel = instance.exports[FUEL_EXPORT] as WebAssembly.Global;
  state.granted = fuel.value as number;
  const spent = () => state.granted - (fuel!.value as number);
  return {
    state,
    call: (op: Op, n: number) => (instance.exports[op] as (n: number) => number)(n),
    /** Fuel one call spends. */
    cost(op: Op, n: number): number {
      const before = spent();
      this.call(op, n);
      return spent() - before;
    },
  };
}

describe("instrument() bulk instructions", () => {
  it("keeps the hand-assembled module valid", () => {
    expect(WebAssembly.validate(bulkModule())).toBe(true);
    expect(WebAssembly.validate(instrument(bulkModule()))).toBe(true);
  });

  it("charges memory.fill, memory.copy and memory.init by the byte", () => {
    const m = meter(instrument(bulkModule()));
    for (const op of ["fill", "copy", "init"] as const) {
      expect(m.cost(op, 64) - m.cost(op, 0), op).toBe(64 * FUEL_PER.byte);
    }
    expect(m.cost("fill", 1 << 20) - m.cost("fill", 0)).toBe((1 << 20) * FUEL_PER.byte);
  });

  it("charges table.fill, table.copy and table.init by the element", () => {
    const m = meter(instrument(bulkModule()));
    for (const op of ["tfill", "tcopy", "tinit"] as const) {
      expect(m.cost(op, 8) - m.cost(op, 0), op).toBe(8 * FUEL_PER.element);
    }
  });

  it("charges table.grow for the elements it adds and the ones it copies", () => {
    const m = meter(instrument(bulkModule()));
    const atSize16 = m.cost("tgrow", 0);
    expect(m.cost("tgrow", 5) - atSize16).toBe(5 * FUEL_PER.element);
    expect(m.cost("tgrow", 0) - atSize16).toBe(5 * FUEL_PER.element); // the table now has 21 to copy
  });

  it("reaches the hook once per slice in a loop of fills, so the host can yield", () => {
    const m = meter(instrument(bulkModule()), { slice: 1_000_000 });
    for (let i = 0; i < 100; i++) m.call("fill", 100_000); // 10M fuel of fills
    expect(m.state.refills).toBeGreaterThanOrEqual(10);
    expect(m.state.refills).toBeLessThanOrEqual(11);
  });

  it("charges a length above 2^31 in full, as the unsigned number it is", () => {
    // 4 GiB - 1: the fill would trap (out of bounds), but the charge comes first and is refused.
    const m = meter(instrument(bulkModule()), { budget: 1_000_000_000 });
    expect(() => m.call("fill", -1)).toThrow("CPU limit exceeded");
  });
});

describe("instrument() tables", () => {
  it("caps table growth at MAX_TABLE_ELEMENTS", () => {
    const m = meter(instrument(bulkModule()));
    expect(m.call("tgrow", MAX_TABLE_ELEMENTS)).toBe(-1);
    expect(m.call("tgrow", MAX_TABLE_ELEMENTS - 16)).toBe(16);
    expect(m.call("tgrow", 1)).toBe(-1);
  });

  it("rejects a module whose tables start larger than the cap", () => {
    expect(() => instrument(bulkModule(MAX_TABLE_ELEMENTS + 1))).toThrow(InstrumentError);
    expect(() => instrument(bulkModule(MAX_TABLE_ELEMENTS + 1))).toThrow(/tables need more than/);
  });

  it("rejects a module with two memories: the memory budget counts one per program", () => {
    const bytes = bulkModule();
    // Rewrite the memory section (id 5, 4 bytes: 1 memory, flags 0, 32 pages) to declare two.
    const at = bytes.findIndex((b, i) => b === 5 && bytes[i + 1] === 3 && bytes[i + 2] === 1 && bytes[i + 4] === 32);
    const two = Uint8Array.from([...bytes.subarray(0, at), 5, 5, 2, 0, 32, 0, 1, ...bytes.subarray(at + 5)]);
    expect(() => instrument(two)).toThrow(/more than one memory/);
  });
});
