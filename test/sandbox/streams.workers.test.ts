// Task stdin as the sandbox reads it: a native byte stream through readAtLeast, or any
// other stream gathered in JS; either way every byte arrives once, in order, at most `max` a read.
import { describe, expect, it } from "vitest";
import { TaskContext } from "../../sandbox/guest/context.ts";
import { streamSource } from "../../sandbox/guest/streams.ts";

const LIMITS = { memoryMiB: 64, diskMiB: 16, cpuFuel: 1e12, wallMs: 60_000, outputBytes: 1 << 20 };
const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => i % 251);

async function drain(stream: ReadableStream<Uint8Array>, max: number): Promise<{ data: Uint8Array; reads: number[] }> {
  const source = streamSource(stream, new TaskContext(LIMITS));
  const parts: Uint8Array[] = [];
  for (let c = await source.read(max); c; c = await source.read(max)) parts.push(c.slice());
  const data = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) data.set(p, (at += p.length) - p.length);
  return { data, reads: parts.map((p) => p.length) };
}

describe("streamSource", () => {
  it("reads a native byte stream a MiB at a time and serves it in pieces of max", async () => {
    const want = bytes(3 * (1 << 20) + 12345);
    const { readable, writable } = new IdentityTransformStream();
    const w = writable.getWriter();
    void (async () => {
      for (let at = 0; at < want.length; at += 4096) await w.write(want.slice(at, at + 4096));
      await w.close();
    })();
    const { data, reads } = await drain(readable, 65536);
    expect(data).toEqual(want);
    expect(Math.max(...reads)).toBe(65536);
  });

  it("gathers a JS stream of small chunks", async () => {
    const want = bytes(300_000);
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (at >= want.length) return c.close();
        c.enqueue(want.slice(at, (at += 1000)));
      },
    });
    const { data, reads } = await drain(stream, 65536);
    expect(data).toEqual(want);
    expect(reads.slice(0, -1).every((n) => n === 65536)).toBe(true);
  });

  it("ends at once on an empty stream", async () => {
    const { readable, writable } = new IdentityTransformStream();
    void writable.close();
    expect((await drain(readable, 65536)).data.length).toBe(0);
  });
});
