import http from "node:http";
import { describe, expect, it } from "vitest";
import { useEdgeInFrontOfFakeWorker } from "./fixtures.ts";

const ctx = useEdgeInFrontOfFakeWorker();

const SIZE = 256 * 2 ** 20;
/** Far below SIZE: an edge that buffered a body would blow through it. */
const BUDGET = 96 * 2 ** 20;

/** Runs `transfer` while sampling this process's RSS; returns the peak growth in bytes. */
async function peakGrowth(transfer: () => Promise<void>): Promise<number> {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    await transfer();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage().rss) - base;
}

describe("the edge streams bodies in constant memory", () => {
  it(`uploads ${SIZE / 2 ** 20} MiB without buffering it`, async () => {
    const growth = await peakGrowth(
      () =>
        new Promise<void>((resolve, reject) => {
          const req = http.request({ port: ctx.edge.port, host: "127.0.0.1", method: "PUT", path: "/u/stor/big", headers: { "content-length": SIZE } });
          req.on("response", (res) => {
            expect(res.headers["x-seen-bytes"]).toBe(String(SIZE));
            res.resume().on("end", resolve);
          });
          req.on("error", reject);
          const chunk = Buffer.alloc(1 << 16, 7);
          let sent = 0;
          const pump = () => {
            while (sent < SIZE) {
              sent += chunk.length;
              if (!req.write(chunk)) return void req.once("drain", pump);
            }
            req.end();
          };
          pump();
        }),
    );
    expect(growth).toBeLessThan(BUDGET);
  }, 60_000);

  it(`downloads ${SIZE / 2 ** 20} MiB without buffering it`, async () => {
    let received = 0;
    const growth = await peakGrowth(
      () =>
        new Promise<void>((resolve, reject) => {
          http
            .get({ port: ctx.edge.port, host: "127.0.0.1", path: `/big?n=${SIZE}` }, (res) => {
              res.on("data", (d: Buffer) => (received += d.length));
              res.on("end", resolve);
            })
            .on("error", reject);
        }),
    );
    expect(received).toBe(SIZE);
    expect(growth).toBeLessThan(BUDGET);
  }, 60_000);
});
