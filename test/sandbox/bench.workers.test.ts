// The benchmark hook counts lines of an R2 object inside the sandbox.
import type { SandboxEnv } from "../../sandbox/isolate.ts";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sandboxWcLines } from "../../sandbox/bench.ts";

describe("sandboxWcLines", () => {
  it("counts the lines of an R2 object with wc -l in the sandbox", async () => {
    // BENCH in the sandbox's own test Worker, a shard bucket under the main Worker.
    const bindings = env as unknown as { BENCH?: R2Bucket; SHARD_0?: R2Bucket };
    const bucket = (bindings.BENCH ?? bindings.SHARD_0)!;
    const body = "a\nbb\nccc\n".repeat(50_000);
    await bucket.put("obj.txt", body);
    const r = await sandboxWcLines(env as unknown as SandboxEnv, bucket, "obj.txt");
    expect(r.lines).toBe(150_000);
    expect(r.bytes).toBe(body.length);
    expect(r.fuelUsed).toBeGreaterThan(0);
  });
});
