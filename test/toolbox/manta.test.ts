import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { csv, words, rng } from "./corpus.ts";
import { MobulaStub, sandboxForFile } from "./harness.ts";

const sb = sandboxForFile();
const BASE = "/alice/jobs/J1/stor/alice/stor/in.txt.0.";
const env = { MANTA_OUTPUT_BASE: BASE };
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

/** The documented msplit rule, computed with Node's own MD5. */
const reducerOf = (key: string, n: number): number =>
  parseInt(createHash("md5").update(key).digest("hex").slice(0, 8), 16) % n;

describe("mpipe", () => {
  it("copies stdin to one output under MANTA_OUTPUT_BASE<uuid> and prints the key", () => {
    const host = new MobulaStub();
    const input = csv(51, 500);
    const r = sb.wasm("mpipe", [], { stdin: input, env, host });
    expect(r.status).toBe(0);
    expect(host.objects).toHaveLength(1);
    const [o] = host.objects;
    expect(o?.key).toMatch(new RegExp(`^${BASE.replace(/\./g, "\\.")}${UUID}$`));
    expect(o?.data.toString()).toBe(input);
    expect(o?.closed).toBe(true);
    expect(o?.reducer).toBe(-1);
    expect(r.stdout.toString()).toBe(`${o?.key}\n`);
  });

  it("uses an explicit key and reducer", () => {
    const host = new MobulaStub();
    const r = sb.wasm("mpipe", ["-p", "-r", "3", "-H", "content-type: text/plain", "/alice/stor/out.txt"], { stdin: "x\n", env, host });
    expect(r.status).toBe(0);
    expect(host.objects.map((o) => [o.key, o.reducer, o.data.toString()])).toEqual([["/alice/stor/out.txt", 3, "x\n"]]);
  });

  it("fails with exit 2 on an unknown flag and 1 when the host refuses", () => {
    const host = new MobulaStub();
    expect(sb.wasm("mpipe", ["-z"], { env, host }).status).toBe(2);
    host.failWith = 13;
    const r = sb.wasm("mpipe", ["k"], { stdin: "x", env, host });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("k:");
  });
});

describe("mcat", () => {
  it("emits every key by reference with the reducer", () => {
    const host = new MobulaStub();
    const r = sb.wasm("mcat", ["-r", "1", "/alice/stor/a", "/alice/stor/b"], { env, host });
    expect(r.status).toBe(0);
    expect(host.refs).toEqual([
      { key: "/alice/stor/a", reducer: 1 },
      { key: "/alice/stor/b", reducer: 1 },
    ]);
    expect(host.objects).toHaveLength(0);
  });

  it("needs at least one key", () => {
    expect(sb.wasm("mcat", [], { env, host: new MobulaStub() }).status).toBe(2);
  });
});

describe("mtee", () => {
  it("copies stdin to stdout and to a plain object", () => {
    const host = new MobulaStub();
    const input = csv(52, 2000);
    const r = sb.wasm("mtee", ["-c", "2", "/alice/stor/copy.csv"], { stdin: input, env, host });
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toBe(input);
    expect(host.objects.map((o) => [o.key, o.kind, o.closed])).toEqual([["/alice/stor/copy.csv", "object", true]]);
    expect(host.objects[0]?.data.toString()).toBe(input);
  });
});

describe("msplit", () => {
  const r = rng(53);
  const lines = Array.from({ length: 400 }, (_, i) => `${words(r, 1)[0]}\t${i}\t${words(r, 1)[0]}`);
  const input = lines.join("\n") + "\n";

  it("creates all N outputs with reducer i and routes lines by md5 of field 1", () => {
    const host = new MobulaStub();
    const res = sb.wasm("msplit", ["-n", "5"], { stdin: input, env, host });
    expect(res.status).toBe(0);
    expect(host.objects).toHaveLength(5);
    const uuid = host.objects[0]?.key.slice(BASE.length, BASE.length + 36);
    host.objects.forEach((o, i) => {
      expect(o.key).toBe(`${BASE}${uuid}.${i}`);
      expect(o.reducer).toBe(i);
      expect(o.closed).toBe(true);
    });
    const expected: string[][] = [[], [], [], [], []];
    for (const l of lines) expected[reducerOf(l.split("\t")[0] as string, 5)]?.push(l + "\n");
    expect(host.objects.map((o) => o.data.toString())).toEqual(expected.map((e) => e.join("")));
  });

  it("keys on several fields with a custom delimiter", () => {
    const host = new MobulaStub();
    const rows = lines.map((l) => l.replace(/\t/g, ","));
    sb.wasm("msplit", ["-n", "3", "-d", ",", "-f", "1,3"], { stdin: rows.join("\n") + "\n", env, host });
    const expected: string[][] = [[], [], []];
    for (const l of rows) {
      const p = l.split(",");
      expected[reducerOf(`${p[0]}${p[2]}`, 3)]?.push(l + "\n");
    }
    expect(host.objects.map((o) => o.data.toString())).toEqual(expected.map((e) => e.join("")));
  });

  it("with -i uses the key as the reducer index and rejects bad indexes", () => {
    const host = new MobulaStub();
    const ok = sb.wasm("msplit", ["-n", "3", "-i", "-f", "2"], { stdin: "a\t2\nb\t0\nc\t2\n", env, host });
    expect(ok.status).toBe(0);
    expect(host.objects.map((o) => o.data.toString())).toEqual(["b\t0\n", "", "a\t2\nc\t2\n"]);
    const bad = sb.wasm("msplit", ["-n", "3", "-i"], { stdin: "7\n", env, host: new MobulaStub() });
    expect(bad.status).toBe(1);
  });

  it("rejects -j and missing -n with exit 2", () => {
    expect(sb.wasm("msplit", ["-n", "2", "-j"], { env, host: new MobulaStub() }).status).toBe(2);
    expect(sb.wasm("msplit", [], { env, host: new MobulaStub() }).status).toBe(2);
  });
});
