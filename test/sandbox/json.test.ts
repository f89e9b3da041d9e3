// The sandbox's `json` against the real one, the npm package json@11 (trentm's, which Manta's
// docs use): same stdin and arguments, and stdout and the exit status must match byte for
// byte. Inputs are generated (records with nested fields, missing keys, odd strings) plus
// hand-written edge cases: concatenated documents, HTTP headers, invalid JSON. Snippets with
// bare field names run the reference with JSON_EXEC=vm, the json mode whose name resolution
// the sandbox's evaluator follows.
//
// A node start per case made the matrix take minutes on a small machine, so the reference
// is json.js's own, unmodified source loaded fresh per case with a stand-in `process` (its
// stdin delivers the input in one chunk, as a pipe does for small inputs; its exit throws).
// A sample of cases checks that stand-in against the real CLI (`node json.js`, spawnSync).
import { spawnSync } from "node:child_process";
import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { format } from "node:util";
import { describe, expect, it } from "vitest";
import { runJson } from "../../sandbox/guest/native/json/engine.ts";

const require = createRequire(import.meta.url);
const JSON_JS = require.resolve("json/lib/json.js");
const SOURCE = readFileSync(JSON_JS, "utf8").replace(/^#!.*/, "");

interface Result {
  stdout: string;
  status: number | null;
}

function cli(args: string[], input: string, vm = false): Result {
  const r = spawnSync(process.execPath, [JSON_JS, ...args], { input, encoding: "utf8", env: { ...process.env, ...(vm ? { JSON_EXEC: "vm" } : {}) } });
  return { stdout: r.stdout, status: r.status };
}

class Exit {
  constructor(readonly code: number) {}
}

function reference(args: string[], input: string, vm = false): Result {
  let stdout = "";
  const out = Object.assign(new EventEmitter(), { isTTY: false, write: (s: string) => ((stdout += s), true) });
  const stdin = Object.assign(new EventEmitter(), { setEncoding: () => {} });
  const fakeProcess = {
    argv: ["node", "json", ...args],
    env: vm ? { JSON_EXEC: "vm" } : {},
    versions: process.versions,
    stdout: out,
    openStdin: () => stdin,
    exit: (code: number) => {
      throw new Exit(code);
    },
  };
  const fakeConsole = { warn: () => {}, log: (...a: unknown[]) => void (stdout += format(...a) + "\n") };
  const mod = { exports: {} as { main(argv: string[]): void } };
  new Function("require", "module", "exports", "process", "console", SOURCE)(require, mod, mod.exports, fakeProcess, fakeConsole);
  try {
    mod.exports.main(fakeProcess.argv);
    if (input.length) stdin.emit("data", input);
    stdin.emit("end");
    return { stdout, status: 0 };
  } catch (e) {
    // An exit, or an exception out of a snippet, which kills node with status 1.
    return { stdout, status: e instanceof Exit ? e.code : 1 };
  }
}

/** A small deterministic generator, so failures reproduce. */
function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

function records(n: number, seed: number): Record<string, unknown>[] {
  const r = rng(seed);
  const names = ["trent", "ewan", "mark", "o'brien", 'quo"te', "dot.ted", "ünï", "tab\there"];
  return Array.from({ length: n }, (_, i) => {
    const rec: Record<string, unknown> = { id: i, name: names[Math.floor(r() * names.length)], age: Math.floor(r() * 60) };
    if (r() > 0.3) rec.status = [200, 404, 500][Math.floor(r() * 3)];
    if (r() > 0.4) rec.req = { method: r() > 0.5 ? "GET" : "PUT", url: `/p/${i}`, headers: { "x-a.b": String(i) } };
    if (r() > 0.5) rec.tags = ["a", "b", "c"].slice(0, Math.floor(r() * 4));
    if (r() > 0.8) rec.nil = null;
    if (r() > 0.8) rec.f = r() * 100;
    return rec;
  });
}

const recs = records(12, 7);
const INPUTS: Record<string, string> = {
  object: JSON.stringify(recs[0]) + "\n",
  pretty: JSON.stringify(recs[1], null, 4) + "\n",
  array: JSON.stringify(recs) + "\n",
  lines: recs.map((x) => JSON.stringify(x)).join("\n") + "\n",
  concatenated: recs.slice(0, 4).map((x) => JSON.stringify(x)).join(""),
  arrays: "[1,2]\n[3]\n[\"x\"]\n",
  scalars: '"just a string"\n',
  number: "42\n",
  empty: "",
  http: 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{"a":1,"b":[1,2]}\n',
  http100: 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nX: y\r\n\r\n[{"a":1},{"a":2}]\n',
  httpLf: 'HTTP/1.1 200 OK\nServer: x\n\n{"ok":true}\n',
  badTrailingComma: '{"a":1,}\n',
  badSecondLine: '{"a":1}\n{"b":\n',
  badWord: "nope\n",
  duplicate: '{"a":1,"a":2}\n',
  nested: '{"a":{"b.c":{"d":[10,20,{"e":"deep"}]}},"x-y":"dash","":"empty","emptystr":"","zero":0,"f":false}\n',
  unicode: '{"s":"caf\\u00e9 \\ud83d\\ude00","t":"line\\nbreak"}\n',
};

function same(args: string[], input: string, vm = false) {
  const ours = runJson(args, input);
  const ref = reference(args, input, vm);
  expect({ args, stdout: ours.stdout, status: ours.status }).toEqual({ args, stdout: ref.stdout, status: ref.status });
}

const COMMON: string[][] = [
  [], ["-j"], ["-0"], ["-4"], ["-j0"], ["-o", "json-0"], ["-o", "json-4"], ["-o", "jsony-0"], ["-o", "json-tab"], ["-i"], ["-o", "compact"],
  ["name"], ["req.method"], ["req.headers[\"x-a.b\"]"], ["tags.0"], ["tags.-1"], ["missing"], ["missing.deeper"], ["name", "age"], ["-j", "name"], ["-j", "name", "age"],
  ["-a"], ["-a", "name"], ["-a", "name", "age", "status"], ["-a", "-d", ",", "id", "name"], ["-a", "-d", "\\t", "id", "req.url"], ["-ga"], ["-ga", "name"], ["-ga", "status"], ["-g"], ["-g", "-j0"], ["-gaj"],
  ["-k"], ["-ak"], ["-M"], ["-Ma", "key"], ["-n"], ["-nq"], ["-q"], ["-H"], ["-H", "a"], ["--merge"], ["--deep-merge", "-0"], ["-A"], ["-j", "0", "1"], ["-a", "tags.length"],
  ["-c", "this.age > 21"], ["-c", "this.age > 21", "-a", "name"], ["-c", "this.status === 404 || this.nil === null"], ["-c", "this.name.indexOf('e') !== -1"], ["-ac", "this.name"],
  ["-e", "this.x = 1"], ["-e", "this.age++"], ["-e", "this.name = this.name.toUpperCase()", "name"], ["-e", "delete this.req", "-0"], ["-e", "this.n = this.tags ? this.tags.length : 0", "-a", "id", "n"],
  ["-e", "this.id = this.id * 2", "-c", "this.id > 10", "-a", "id"], ["-A", "-e", "this.length2 = this.length"], ["-c", "return this.age < 30"], ["-c", "this.age > 10", "-c", "this.age < 40", "-ga", "id"],
  ["-D", "/", "req/headers/x-a.b"], ["-e", "this.s = typeof this.status", "-ga", "s"], ["-c", "/^t/.test(this.name)", "-ga", "name"], ["-e", "this.m = (this.name || '').match(/[aeiou]/g)", "-a", "m"],
  ["-e", "this.u = this.req?.url ?? 'none'", "-ga", "u"], ["-e", "var t = this.tags || []; this.t = t.join('+')", "-ga", "t"], ["-e", "this.o = {k: [1, 'two', null], 'q r': !this.age}", "-j0", "-ga"],
];

describe("json, differential against trentm's json@11", () => {
  for (const [name, input] of Object.entries(INPUTS)) {
    it(`input: ${name}`, () => {
      for (const args of COMMON) same(args, input);
    });
  }

  it("the stand-in reference agrees with the real json CLI", () => {
    const sample: [string[], string][] = [
      [[], INPUTS.pretty!], [["-ga", "name"], INPUTS.lines!], [["-a", "-d", ",", "id", "name"], INPUTS.array!], [["-c", "this.age > 21", "-j0"], INPUTS.array!],
      [["-e", "this.nope.x = 1"], INPUTS.object!], [[], INPUTS.badSecondLine!], [["-g"], INPUTS.concatenated!], [["-i"], INPUTS.nested!],
      [["-H", "a"], INPUTS.http!], [["-k"], INPUTS.http100!], [["-o", "nope"], "{}"], [["-nq"], INPUTS.badWord!], [["-ga"], "[1,2]"],
    ];
    for (const [args, input] of sample) expect(reference(args, input), JSON.stringify(args)).toEqual(cli(args, input));
    expect(reference(["-c", "age > 21"], INPUTS.array!, true)).toEqual(cli(["-c", "age > 21"], INPUTS.array!, true));
  });

  it("bare field names, as under JSON_EXEC=vm", () => {
    for (const args of [["-c", "age > 21"], ["-ga", "-c", "status == 200 && age < 50", "id"], ["-e", "x = age * 2", "-ga", "x"], ["-c", "tags && tags.includes('b')", "-ga", "id"]]) {
      same(args, INPUTS.lines!, true);
      same(args, INPUTS.array!, true);
    }
  });

  it("lookup syntax", () => {
    const input = INPUTS.nested!;
    for (const l of ["a", "a.b.c", 'a["b.c"]', "a['b.c'].d", "a[`b.c`].d.2.e", 'a["b.c"].d.-1', "x-y", "zero", "f", "emptystr", "a.nope.nope"]) {
      same([l], input);
      same(["-j", l], input);
      same(["-a", l, "zero"], input);
    }
    same(["-D", "/", "a/b.c/d/0"], input);
    same(["a[b]"], input); // v10+: brackets must hold a quoted string
  });

  it("option errors", () => {
    for (const args of [["-o", "nope"], ["-g", "--merge"], ["-k", "a"], ["-D", "ab"], ["--bogus"], ["-z"], ["-I"]]) same(args, "{}\n");
  });

  it("streaming quirks of -ga", () => {
    same(["-ga"], '{"a":1}\n{"a":2}\n  {"a":3}{"a":4}\n');
    same(["-ga", "a"], '{"a":1}\n\n{"a":2}\nnot json\n');
    same(["-ga"], "[1,2]\n[3]\n");
    same(["-ga", "a"], 'HTTP/1.1 200 OK\r\n\r\n{"a":1}\n{"a":2}\n');
    same(["-gaH", "a"], 'HTTP/1.1 200 OK\r\n\r\n{"a":1}\n{"a":2}\n');
  });
});

describe("json's safe evaluator", () => {
  const run = (args: string[], input = '{"a":1,"s":"str","o":{"p":[1,2]}}\n') => runJson(args, input);

  it("reports what it does not support instead of evaluating it", () => {
    for (const code of ["while(true){}", "function f(){}", "this.constructor.constructor('x')()", "new Date()", "(x => x)(1)", "eval('1')", "`${1}`"]) {
      const r = run(["-e", code]);
      expect(r.status, code).toBe(1);
      expect(r.stderr, code).toMatch(/^json: error: (unsupported expression|TypeError)/);
      expect(r.stdout).toBe("");
    }
  });

  it("cannot reach prototypes or the runtime", () => {
    expect(run(["-e", "this.__proto__.polluted = 1; this.x = ({}).polluted"]).status).toBe(1);
    expect(run(["-e", "this['__proto__'] = {p: 1}", "-j0"]).stdout).toBe('{"a":1,"s":"str","o":{"p":[1,2]},"__proto__":{"p":1}}\n');
    expect(({} as Record<string, unknown>).p).toBeUndefined();
    expect(run(["-e", "this.k = typeof this.constructor", "k"]).stdout).toBe("undefined\n");
    expect(run(["-e", "this.k = String(this.s.indexOf)", "k"]).stdout).toBe("function indexOf() { [native code] }\n");
  });

  it("refuses regexes that backtrack without end, and runaway growth", () => {
    expect(run(["-c", "/(a+)+$/.test(this.s)"]).stderr).toMatch(/nested quantifiers/);
    const grow = ["-e", Array.from({ length: 40 }, () => "this.s = this.s + this.s").join(";")];
    expect(run(grow).stderr).toMatch(/too large/);
    expect(run(["-e", "this.o.p[100] = 1"]).stderr).toMatch(/past the end/);
  });

  it("stops a snippet at its step budget", () => {
    const r = run(["-e", Array.from({ length: 30_000 }, () => "this.a = this.a + 1 + 1").join(";")]);
    expect(r.stderr).toMatch(/budget/);
    expect(r.status).toBe(1);
  });

  it("runtime errors end the run with status 1, as json's exceptions do", () => {
    const r = run(["-e", "this.nope.x = 1"]);
    expect(r).toEqual({ stdout: "", stderr: "json: error: TypeError: Cannot set properties of undefined (setting 'x')\n", status: 1 });
    expect(run(["-c", "nope > 1"]).stderr).toBe("json: error: ReferenceError: nope is not defined\n");
  });
});
