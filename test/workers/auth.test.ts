import { describe, expect, it } from "vitest";
import { call, fetchWorker, makeUser, OPERATOR } from "./helpers.ts";

async function code(res: Response): Promise<[number, string]> {
  return [res.status, ((await res.json()) as { code: string }).code];
}

describe("authentication", async () => {
  const dana = await makeUser("dana");
  const get = (headers: Record<string, string>) => fetchWorker("/dana/stor", { headers });

  it("accepts node-manta's signature over date", async () => {
    expect((await call(dana, "GET", "/dana/stor")).status).toBe(200);
  });

  it("answers each bad credential with its Manta code, always 401/403", async () => {
    const date = new Date().toUTCString();
    const good = await dana.sign(date);
    const cases: Array<[Record<string, string>, string]> = [
      [{ date, authorization: good.replace(/signature="[^"]+"/, 'signature="AAAA"') }, "InvalidSignature"],
      [{ date, authorization: good.replace(/keys\/[0-9a-f:]+/, "keys/00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff") }, "KeyDoesNotExist"],
      [{ date, authorization: good.replace("/dana/keys", "/nobody/keys") }, "AccountDoesNotExist"],
      [{ date, authorization: good.replace('keyId="/dana/keys/', 'keyId="dana-keys-') }, "InvalidKeyId"],
      [{ date, authorization: good.replace("ed25519-sha512", "hmac-sha1") }, "InvalidAlgorithm"],
      [{ date, authorization: "Basic Zm9vOmJhcg==" }, "AuthorizationSchemeNotAllowed"],
      [{ date: new Date(Date.now() - 600_000).toUTCString(), authorization: await dana.sign(new Date(Date.now() - 600_000).toUTCString()) }, "RequestExpired"],
      [{}, "AuthorizationFailed"],
    ];
    for (const [headers, want] of cases) {
      const [status, got] = await code(await get(headers));
      expect(got, want).toBe(want);
      expect([401, 403]).toContain(status);
    }
  });

  it("checks the signature against the date that was sent", async () => {
    const sentDate = new Date().toUTCString();
    const auth = await dana.sign(new Date(Date.now() - 5000).toUTCString());
    expect(await code(await get({ date: sentDate, authorization: auth }))).toEqual([403, "InvalidSignature"]);
  });

  it("stops working once the key is removed", async () => {
    const erin = await makeUser("erin");
    const fp = erin.keyId.split("/").pop()!;
    expect((await call(erin, "GET", "/erin/stor")).status).toBe(200); // the key is now cached
    const del = await fetchWorker(`/_mobula/accounts/erin/keys/${encodeURIComponent(fp)}`, { method: "DELETE", headers: { authorization: `Bearer ${OPERATOR}` } });
    expect(del.status).toBe(204);
    // The per-isolate key cache lives KEY_CACHE_TTL_MS (1 s in these tests): the key works
    // until it expires — which shows the cache is consulted — and never after.
    expect((await call(erin, "GET", "/erin/stor")).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await code(await call(erin, "GET", "/erin/stor")))[1]).toBe("KeyDoesNotExist");
  });
});

describe("the operator API", () => {
  it("refuses requests without the operator token", async () => {
    expect((await fetchWorker("/_mobula/accounts")).status).toBe(401);
    expect((await fetchWorker("/_mobula/accounts", { headers: { authorization: "Bearer wrong" } })).status).toBe(403);
  });
  it("rejects malformed keys and logins with 400", async () => {
    const post = (body: string) => fetchWorker("/_mobula/accounts", { method: "POST", headers: { authorization: `Bearer ${OPERATOR}`, "content-type": "application/json" }, body });
    expect((await post("{not json")).status).toBe(400);
    expect((await post(JSON.stringify({ login: "x y", key: "ssh-ed25519 AAAA" }))).status).toBe(400);
    expect((await post(JSON.stringify({ login: "frank", key: "ssh-ed25519 not-base64!" }))).status).toBe(400);
  });
});
