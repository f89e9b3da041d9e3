/** Races the issue names, run against the real server: one winner, no lost update, no orphan. */
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser, manta, startMobula, type MantaEnv, type MobulaServer } from "./harness.js";
import { makeSigner, type Signer } from "./lib/signer.js";

let server: MobulaServer;
let alice: MantaEnv;
let signer: Signer;

beforeAll(async () => {
  server = await startMobula();
  alice = await makeUser(server, "alice", "ed25519");
  signer = await makeSigner(server, "counter");
});
afterAll(async () => {
  await server?.stop();
});

function signed(): Record<string, string> {
  const h: Record<string, string> = {};
  for (const line of signer.headers().split("\r\n").filter(Boolean)) {
    const i = line.indexOf(":");
    h[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  return h;
}

const md5 = (b: Buffer) => createHash("md5").update(b).digest("hex");

describe("concurrent writers", () => {
  it("two racing mputs to one name leave exactly one complete object", async () => {
    const a = randomBytes(2_000_000);
    const b = randomBytes(2_000_000);
    const [ra, rb] = await Promise.all([
      manta("mput", ["/alice/stor/race.bin"], { env: alice, input: a }),
      manta("mput", ["/alice/stor/race.bin"], { env: alice, input: b }),
    ]);
    expect(ra.code).toBe(0);
    expect(rb.code).toBe(0);
    const got = (await manta("mget", ["/alice/stor/race.bin"], { env: alice })).stdout;
    expect([md5(a), md5(b)]).toContain(md5(got));
  });

  it("racing conditional PUTs (If-Match read-modify-write) lose no update", async () => {
    const url = `${server.url}/counter/stor/count`;
    const first = await fetch(url, { method: "PUT", headers: { ...signed(), "content-type": "text/plain" }, body: "0" });
    expect(first.status).toBe(204);
    const workers = 6;
    const increments = 5;
    let conflicts = 0;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let done = 0; done < increments; ) {
          const cur = await fetch(url, { headers: signed() });
          const etag = cur.headers.get("etag")!;
          const n = Number(await cur.text());
          const put = await fetch(url, { method: "PUT", headers: { ...signed(), "if-match": etag, "content-type": "text/plain" }, body: String(n + 1) });
          if (put.status === 204) done++;
          else if (put.status === 412) conflicts++;
          else throw new Error(`unexpected ${put.status} ${await put.text()}`);
        }
      }),
    );
    const final = await fetch(url, { headers: signed() });
    expect(Number(await final.text())).toBe(workers * increments);
    expect(conflicts).toBeGreaterThan(0); // the race really happened
  });

  it("racing mrmdir and mput inside that directory never leave an object in a deleted directory", async () => {
    for (let round = 0; round < 3; round++) {
      const dir = `/alice/stor/rr${round}`;
      expect((await manta("mmkdir", [dir], { env: alice })).code).toBe(0);
      const [rm, put] = await Promise.all([
        manta("mrmdir", [dir], { env: alice }),
        manta("mput", [`${dir}/obj`], { env: alice, input: "payload" }),
      ]);
      const ls = await manta("mls", [dir], { env: alice });
      if (rm.code === 0) {
        expect(ls.code).toBe(1);
        expect(put.code).toBe(1);
      } else {
        expect(put.code).toBe(0);
        expect(ls.stdout.toString()).toBe("obj\n");
      }
    }
  });
});
