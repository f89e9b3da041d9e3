// The fuel/memory instrumenter, run in Node: instrumented modules must still
// validate, behave exactly like the originals (same stdout, same exit status,
// under Node's own WASI), run out of fuel or memory where the originals would
// not stop, and pay for bulk instructions by their length.
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WASI } from "node:wasi";
import { beforeAll, describe, expect, it } from "vitest";
import { ByteWriter } from "../../sandbox/instrument/bytes.ts";
import {
  FUEL_EXPORT, FUEL_HOOK, FUEL_MODULE, INITIAL_FUEL, instrument, InstrumentError, MAY_GROW_HOOK,
} from "../../sandbox/instrument/index.ts";
// @ts-expect-error plain ESM helper without types
import { buildPrograms } from "./programs/build.mjs";

let dist = "";
const scratch = mkdtempSync(join(tmpdir(), "mobula-instr-"));
beforeAll(() => {
  dist = buildPrograms() as string;
});

const program = (name: string) => new Uint8Array(readFileSync(join(dist, `${name}.wasm`)));

interface RunResult { exit: number; stdout: string; fuelUsed: number; refills: number; denied: number }

/**
 * Runs a module under node:wasi; the fuel hook refills `slice` until `budget` is spent, then throws.
 * may_grow_memory allows growth up to `memLimitPages` (default: always) and counts refusals.
 */
function run(bytes: Uint8Array, args: string[], opts: { budget?: number; slice?: number; memLimitPages?: number; stdin?: string; stats?: { refills: number } } = {}): RunResult {
  const tag = Math.random().toString(36).slice(2);
  const outPath = join(scratch, `${tag}.out`);
  const inPath = join(scratch, `${tag}.in`);
  writeFileSync(inPath, opts.stdin ?? "");
  const out = openSync(outPath, "w");
  const inFd = openSync(inPath, "r");
  const wasi = new WASI({ version: "preview1", args: ["prog", ...args], env: {}, stdin: inFd, stdout: out, returnOnExit: true });
  const slice = opts.slice ?? 1_000_000;
  let budget = opts.budget ?? Number.MAX_SAFE_INTEGER;
  const state = { instance: null as WebAssembly.Instance | null, granted: INITIAL_FUEL, refills: 0, denied: 0 };
  const fuel = () => state.instance!.exports[FUEL_EXPORT] as WebAssembly.Global;
  const hook = () => {
    state.refills++;
    if (opts.stats) opts.stats.refills++;
    if (budget <= 0) throw new Error("CPU limit exceeded");
    const grant = Math.min(slice, budget);
    budget -= grant;
    state.granted += grant - fuel().value; // fuel().value is the (negative) overdraft
    fuel().value = grant;
  };
  const mayGrow = (pages: number, delta: number) => {
    if (opts.memLimitPages === undefined || pages + delta <= opts.memLimitPages) return 1;
    state.denied++;
    return 0;
  };
  const mod = new WebAssembly.Module(bytes);
  const imports: WebAssembly.Imports = { ...wasi.getImportObject() };
  if (WebAssembly.Module.imports(mod).some((i) => i.module === FUEL_MODULE)) {
    imports[FUEL_MODULE] = { [FUEL_HOOK]: hook, [MAY_GROW_HOOK]: mayGrow };
  }
  state.instance = new WebAssembly.Instance(mod, imports);
  const exps = state.instance.exports;
  let exit: number;
  try {
    exit = wasi.start(state.instance);
  } finally {
    closeSync(out);
    closeSync(inFd);
  }
  const instrumented = FUEL_EXPORT in exps;
  return {
    exit,
    stdout: readFileSync(outPath, "utf8"),
    fuelUsed: instrumented ? state.granted - fuel().value : 0,
    refills: state.refills,
    denied: state.denied,
  };
}

describe("instrument()", () => {
  it("keeps every test program and toolbox program valid", () => {
    const files = readdirSync(dist).filter((f) => f.endsWith(".wasm")).map((f) => join(dist, f));
    const toolbox = join(__dirname, "../../toolbox/wasm");
    if (existsSync(toolbox)) files.push(...readdirSync(toolbox).filter((f) => f.endsWith(".wasm")).map((f) => join(toolbox, f)));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const out = instrument(new Uint8Array(readFileSync(f)));
      expect(WebAssembly.validate(out), f).toBe(true);
    }
  });

  it("leaves behaviour unchanged: same stdout and exit status as the original", () => {
    const cases: Array<[string, string[], string?]> = [
      ["hello", ["a", "b c"]],
      ["fib", ["20"]],
      ["wordcount", ["7"], "one two\nthree\n  four  five\n"],
    ];
    for (const [name, args, stdin] of cases) {
      const original = run(program(name), args, { stdin });
      const metered = run(instrument(program(name)), args, { stdin });
      expect(metered.stdout).toBe(original.stdout);
      expect(metered.exit).toBe(original.exit);
      expect(metered.fuelUsed).toBeGreaterThan(0);
    }
    expect(run(instrument(program("wordcount")), ["7"], { stdin: "one two\nthree\n" }).stdout).toBe("2 3 14\n");
  });

  it("charges fuel in proportion to work", () => {
    const bytes = instrument(program("fib"));
    const small = run(bytes, ["15"]).fuelUsed;
    const large = run(bytes, ["20"]).fuelUsed;
    // fib(n) work grows by ~1.618^n: 5 more steps is ~11x.
    expect(large / small).toBeGreaterThan(5);
    expect(large / small).toBeLessThan(20);
  });

  it("charges the arm of a branch that runs, not every arm", () => {
    // arms.c: a loop around a switch of 16 arms of ~60 instructions each, one of them taken.
    const bytes = instrument(program("arms"));
    const perIteration = (run(bytes, ["2000", "5"]).fuelUsed - run(bytes, ["1000", "5"]).fuelUsed) / 1000;
    expect(perIteration).toBeGreaterThan(30); // the arm's own work is charged
    expect(perIteration).toBeLessThan(300); // all 16 arms would be ~1,000
  });

  it("stops an infinite loop once the budget is spent", () => {
    const bytes = instrument(program("spin"));
    expect(() => run(bytes, [], { budget: 5_000_000, slice: 1_000_000 })).toThrow("CPU limit exceeded");
  });

  it("calls the hook once per slice, so the host can yield between slices", () => {
    const stats = { refills: 0 };
    expect(() => run(instrument(program("spin")), [], { budget: 10_000_000, slice: 1_000_000, stats })).toThrow(
      "CPU limit exceeded",
    );
    // The module starts with INITIAL_FUEL, then 10 grants of 1M, then the refusal.
    expect(stats.refills).toBe(11);
  });

  it("caps declared memory so a memory bomb gets a failed malloc", () => {
    // The engine itself refuses the grow past the declared maximum.
    expect(run(instrument(program("membomb"), { memoryMaxPages: 64 }), []).exit).toBe(3);
  });

  it("asks the host before every memory.grow, and a refusal fails the grow", () => {
    const bytes = instrument(program("membomb"));
    const res = run(bytes, ["grow"], { memLimitPages: 100 });
    expect(res.stdout).toMatch(/^pages=(\d+)\n$/);
    const pages = Number(/pages=(\d+)/.exec(res.stdout)![1]);
    expect(pages).toBeLessThanOrEqual(100);
    expect(pages).toBeGreaterThan(90);
    expect(res.denied).toBeGreaterThan(0); // every grow after the limit asks again and is refused again
  });

  it("rejects a module that needs more memory at start than the cap", () => {
    const err = (() => {
      try {
        instrument(program("hello"), { memoryMaxPages: 1 });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InstrumentError);
    expect((err as InstrumentError).kind).toBe("memory");
  });

  it("rejects bytes that are not a module, and a module instrumented twice", () => {
    expect(() => instrument(new TextEncoder().encode("#!/bin/sh\necho hi\n"))).toThrow(InstrumentError);
    expect(() => instrument(instrument(program("spin")))).toThrow(/instrumented twice/);
  });
});

/**
 * Hand-assembled module exercising every place a function index lives:
 * an imported function, a start function, an element segment used by
 * call_indirect, ref.func in a global initializer, and an export.
 */
function indexModule(): Uint8Array {
  const w = new ByteWriter().raw(Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  const sec = (id: number, body: ByteWriter) => w.byte(id).vecBytes(body.finish());
  // types: 0 = (i32)->(), 1 = ()->i32, 2 = ()->()
  sec(1, new ByteWriter().u32(3).raw(Uint8Array.from([0x60, 1, 0x7f, 0, 0x60, 0, 1, 0x7f, 0x60, 0, 0])));
  sec(2, new ByteWriter().u32(1).name("env").name("log").byte(0).u32(0)); // func 0
  sec(3, new ByteWriter().u32(3).u32(1).u32(2).u32(1)); // func 1: seven, func 2: start, func 3: run
  sec(4, new ByteWriter().u32(1).byte(0x70).byte(0).u32(1)); // table of 1 funcref
  sec(6, new ByteWriter().u32(1).byte(0x70).byte(0).byte(0xd2).u32(1).byte(0x0b)); // global funcref = ref.func 1
  sec(7, new ByteWriter().u32(1).name("run").byte(0).u32(3));
  sec(8, new ByteWriter().u32(2));
  sec(9, new ByteWriter().u32(1).u32(0).byte(0x41).s32(0).byte(0x0b).u32(1).u32(1)); // table[0] = func 1
  const bodies = [
    [0x00, 0x41, 7, 0x0b], // seven: i32.const 7
    [0x00, 0x41, 42, 0x10, 0, 0x0b], // start: log(42)
    // run: loop 3 times: log(call_indirect table[0]()) ; return 5
    [0x01, 0x01, 0x7f, 0x03, 0x40, 0x41, 0, 0x11, 1, 0, 0x10, 0, 0x20, 0, 0x41, 1, 0x6a, 0x22, 0, 0x41, 3, 0x48, 0x0d, 0, 0x0b,
      0x41, 5, 0x0b],
  ];
  const code = new ByteWriter().u32(bodies.length);
  for (const b of bodies) code.vecBytes(Uint8Array.from(b));
  sec(10, code);
  return w.finish();
}

describe("instrument() index renumbering", () => {
  it("keeps start, element, call_indirect, ref.func and export targets intact", () => {
    const original = indexModule();
    expect(WebAssembly.validate(original)).toBe(true);
    const runIt = (bytes: Uint8Array) => {
      const logs: number[] = [];
      let holder: WebAssembly.Instance | null = null;
      const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
        env: { log: (x: number) => logs.push(x) },
        [FUEL_MODULE]: {
          [FUEL_HOOK]: () => { (holder!.exports[FUEL_EXPORT] as WebAssembly.Global).value = 1000; },
          [MAY_GROW_HOOK]: () => 1,
        },
      });
      holder = inst;
      const ret = (inst.exports.run as () => number)();
      return { logs, ret };
    };
    const out = instrument(original);
    expect(WebAssembly.validate(out)).toBe(true);
    expect(runIt(out)).toEqual(runIt(original));
    expect(runIt(out)).toEqual({ logs: [42, 7, 7, 7], ret: 5 });
  });
});
