/**
 * A job whose sort spills through /tmp into storage, through the real `mjob`: the input is
 * bigger than what /tmp keeps in memory (RESIDENT_BYTES) and the buffer small, so sort writes
 * runs that go to the shard's bucket and merges them back; the output is GNU sort's.
 */
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESIDENT_BYTES } from "../../sandbox/guest/scratch.ts";
import { makeUser, manta, startMobula, type MantaEnv, type MobulaServer } from "./harness.ts";

let server: MobulaServer;
let zoe: MantaEnv;

beforeAll(async () => {
  server = await startMobula();
  zoe = await makeUser(server, "zoe", "ed25519");
});
afterAll(async () => {
  await server?.stop();
});

function corpus(bytes: number): Buffer {
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `${(i * 7919) % 100_003}\tuser${(i * 31) % 997}\tGET /img/${i % 4099}.jpg ${"x".repeat(i % 30)}`;
    out.push(line);
    size += line.length + 1;
  }
  return Buffer.from(out.join("\n") + "\n");
}

describe("mjob with a sort that spills", () => {
  it("sorts an object bigger than /tmp keeps in memory with a 1 MiB buffer, as GNU sort does", async () => {
    const input = corpus(RESIDENT_BYTES + (8 << 20));
    await manta("mput", ["/zoe/stor/access.tsv"], { env: zoe, input });
    const args = ["-t", "\t", "-k2,2", "-k1,1nr"];
    const exec = `sort -S 1M ${args.map((a) => (a === "\t" ? "'\t'" : a)).join(" ")}`;
    const r = await manta("mjob", ["create", "-o", "-m", exec], { env: zoe, input: "/zoe/stor/access.tsv\n", timeoutMs: 300_000 });
    expect(r.stderr.toString()).not.toContain("error");
    expect(r.code).toBe(0);
    const gnu = execFileSync("sort", args, { input, env: { LC_ALL: "C", PATH: process.env.PATH ?? "/usr/bin:/bin" }, maxBuffer: 1 << 30 });
    expect(r.stdout.length).toBe(gnu.length);
    expect(r.stdout.equals(gnu)).toBe(true);
  }, 300_000);
});
