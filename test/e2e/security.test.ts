/**
 * Attacks between two ordinary accounts, alice (the attacker) and bob (the victim), against a
 * server started as a user starts it, with the real Manta CLI and hand-signed requests.
 * Each case is one finding of the attack review (issue 13) performed end to end: it passed
 * against the code before the fix and must fail for good now.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser, manta, startMobula, type MantaEnv, type MobulaServer } from "./harness.ts";
import { holdKey, type KeyHolder } from "./lib/keyholder.ts";

let server: MobulaServer;
let alice: MantaEnv;
let bob: MantaEnv;
let aliceKey: KeyHolder;

const SECRET = "bob's secret: the launch code is 0000\n";
const VICTIM = "bob's public page\n";

beforeAll(async () => {
  server = await startMobula();
  [alice, bob] = await Promise.all([makeUser(server, "alice"), makeUser(server, "bob")]);
  aliceKey = await holdKey(server, "alice", true);
  await manta("mput", ["/bob/stor/secret.txt"], { env: bob, input: SECRET });
  await manta("mput", ["/bob/public/victim.txt"], { env: bob, input: VICTIM });
});
afterAll(async () => {
  await server?.stop();
});

function mjob(env: MantaEnv, args: string[], input: string) {
  return manta("mjob", args, { env, input, timeoutMs: 120_000 });
}

describe("a job reads only what its owner may read", () => {
  it("a reduce-only job does not get another account's private object", async () => {
    const r = await mjob(alice, ["create", "-o", "-r", "cat"], "/bob/stor/secret.txt\n");
    expect(r.stdout.toString()).not.toContain("launch code");
    const id = /job ([0-9a-f-]{36})/.exec(r.stderr)![1]!;
    const errs = (await manta("mjob", ["errors", id], { env: alice })).stdout.toString();
    expect(errs).toContain("AuthorizationError");
    expect(errs).toContain("/bob/stor/secret.txt");
  });

  it("a reduce-only job cannot reach it by a path that climbs out of alice's namespace", async () => {
    const r = await mjob(alice, ["create", "-o", "-r", "cat"], "/alice/stor/../../bob/stor/secret.txt\n");
    expect(r.stdout.toString()).not.toContain("launch code");
  });

  it("a reduce-only job still reads another account's public object", async () => {
    const r = await mjob(alice, ["create", "-o", "-r", "cat"], "/bob/public/victim.txt\n");
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toBe(VICTIM);
  });

  it("map and asset reads of another account's private object are refused too", async () => {
    const map = await mjob(alice, ["create", "-o", "-m", "cat"], "/bob/stor/secret.txt\n");
    expect(map.stdout.toString()).not.toContain("launch code");
    const asset = await mjob(alice, ["create", "-o", "-s", "/bob/stor/secret.txt", "-m", "cat /assets/bob/stor/secret.txt"], "/bob/public/victim.txt\n");
    expect(asset.stdout.toString()).not.toContain("launch code");
  });
});

describe("a multipart upload cannot destroy a blob it does not own", () => {
  async function createUpload(target: string): Promise<string> {
    const r = await manta("mmpu", ["create", target], { env: alice });
    expect(r.code).toBe(0);
    return r.stdout.toString().trim();
  }

  it("a snaplink into an upload's parts directory is refused, and bob's object survives", async () => {
    const etag = (await manta("minfo", ["/bob/public/victim.txt"], { env: bob })).stdout.toString().match(/^etag: (.*)$/m)![1]!.trim();
    const id = await createUpload("/alice/stor/evil");
    const planted = await aliceKey.fetch("PUT", `/alice/uploads/${id[0]}/${id}/0/`, {
      headers: { "content-type": "application/json; type=link", location: "/bob/public/victim.txt" },
    });
    expect(planted.status).toBeGreaterThanOrEqual(400);
    expect(planted.status).toBeLessThan(500);
    // Had the link been made, the commit would adopt bob's blob and the delete reclaim it.
    await manta("mmpu", ["commit", id, etag], { env: alice });
    await manta("mrm", ["/alice/stor/evil"], { env: alice });
    const got = await manta("mget", ["/bob/public/victim.txt"], { env: bob });
    expect(got.code).toBe(0);
    expect(got.stdout.toString()).toBe(VICTIM);
  });

  it("deleting a committed object keeps a part that another name still references", async () => {
    const id = await createUpload("/alice/stor/whole");
    const part = await manta("mmpu", ["upload", id, "0"], { env: alice, input: "part zero\n" });
    expect(part.code).toBe(0);
    const partEtag = part.stdout.toString().trim();
    // A snaplink of alice's own part, made before the commit: a second name for the part's blob.
    const partsDir = `/alice/uploads/${id[0]}/${id}`;
    expect((await manta("mln", [`${partsDir}/0`, "/alice/stor/keep"], { env: alice })).code).toBe(0);
    expect((await manta("mmpu", ["commit", id, partEtag], { env: alice })).code).toBe(0);
    expect((await manta("mrm", ["/alice/stor/whole"], { env: alice })).code).toBe(0);
    const kept = await manta("mget", ["/alice/stor/keep"], { env: alice });
    expect(kept.code).toBe(0);
    expect(kept.stdout.toString()).toBe("part zero\n");
  });
});

describe("a signature expires with the date it covers", () => {
  it("a signature that covers no header is refused, whatever date comes with it", async () => {
    const res = await aliceKey.fetch("GET", "/alice/stor", { sign: { signed: [] } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe("InvalidSignature");
  });

  it("a signature over other headers only (not date) is refused", async () => {
    const res = await aliceKey.fetch("GET", "/alice/stor", { headers: { "x-anything": "1" }, sign: { signed: ["x-anything"] } });
    expect(res.status).toBe(403);
  });

  it("a signature over x-date is judged by x-date", async () => {
    const fresh = new Date().toUTCString();
    const ok = await aliceKey.fetch("GET", "/alice/stor", { headers: { "x-date": fresh }, sign: { signed: ["x-date"] } });
    expect(ok.status).toBe(200);
    const stale = new Date(Date.now() - 600_000).toUTCString();
    const old = await aliceKey.fetch("GET", "/alice/stor", { headers: { "x-date": stale }, sign: { signed: ["x-date"] } });
    expect(old.status).toBe(403);
    expect(((await old.json()) as { code: string }).code).toBe("RequestExpired");
  });
});

describe("subuser keyIds", () => {
  it("are refused even right after the account's own key was used (and cached)", async () => {
    expect((await aliceKey.fetch("GET", "/alice/stor")).status).toBe(200);
    const res = await aliceKey.fetch("GET", "/alice/stor", { sign: { keyId: `/alice/sub/keys/${aliceKey.md5}` } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe("InvalidKeyId");
  });
});
