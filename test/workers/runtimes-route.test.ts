/**
 * The operator's runtime install route (PUT /_mobula/runtimes/NAME): operators only, a known
 * name, a declared length, a WebAssembly body — anything else is a clear 4xx and installs
 * nothing; a module installs with its sha256, and the listing says so.
 */
import { describe, expect, it } from "vitest";
import { fetchWorker, OPERATOR } from "./helpers.ts";

const WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
const put = (name: string, body: BodyInit | null, headers: Record<string, string> = { authorization: `Bearer ${OPERATOR}` }) =>
  fetchWorker(`/_mobula/runtimes/${name}`, { method: "PUT", headers, body });
const listed = async () => ((await (await fetchWorker("/_mobula/runtimes", { headers: { authorization: `Bearer ${OPERATOR}` } })).json()) as { runtimes: { name: string; installed: unknown }[] }).runtimes;

describe("installing a language runtime", () => {
  it("refuses strangers, unknown names and bodies that are not wasm, installing nothing", async () => {
    expect((await put("ruby", WASM, {})).status).toBe(401);
    expect((await put("ruby", WASM, { authorization: "Bearer wrong" })).status).toBe(403);
    const unknown = await put("cobol", WASM);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { message: string }).message).toMatch(/no runtime named cobol \(known: ruby\)/);
    const text = await put("ruby", "#!/bin/sh\n");
    expect(text.status).toBe(400);
    expect(((await text.json()) as { message: string }).message).toBe("a runtime must be a WebAssembly module");
    expect(await listed()).toEqual([{ name: "ruby", installed: null }]);
  });

  it("installs a module and lists its size and sha256", async () => {
    const res = await put("ruby", WASM);
    expect(res.status).toBe(201);
    const sha = [...new Uint8Array(await crypto.subtle.digest("SHA-256", WASM))].map((b) => b.toString(16).padStart(2, "0")).join("");
    expect(await res.json()).toEqual({ name: "ruby", installed: { sha256: sha, size: 8 } });
    expect(await listed()).toEqual([{ name: "ruby", installed: { sha256: sha, size: 8 } }]);
  });
});
