import { generateKeyPairSync, sign } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { verifySignatureCached } from "../../auth/keys.ts";

function sshString(data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
}

const { publicKey, privateKey } = generateKeyPairSync("ed25519");
const raw = Buffer.from(publicKey.export({ format: "jwk" }).x as string, "base64url");
const line = `ssh-ed25519 ${Buffer.concat([sshString(Buffer.from("ssh-ed25519")), sshString(raw)]).toString("base64")} t@test`;
const ED25519 = { key: "ed25519", hash: "sha512" } as const;
const signed = (data: string) => sign(null, Buffer.from(data), privateKey).toString("base64");

afterEach(() => vi.restoreAllMocks());

describe("the verified-signature cache", () => {
  it("verifies a repeated (key, signing string, signature) once", async () => {
    const data = `date: ${new Date().toUTCString()} #repeat`;
    const verify = vi.spyOn(crypto.subtle, "verify");
    expect(await verifySignatureCached(line, ED25519, data, signed(data))).toBe(true);
    expect(await verifySignatureCached(line, ED25519, data, signed(data))).toBe(true);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it("answers for exactly what it verified: another string or signature is checked, and a bad one is never kept", async () => {
    const data = `date: ${new Date().toUTCString()} #exact`;
    const good = signed(data);
    expect(await verifySignatureCached(line, ED25519, data, good)).toBe(true);
    expect(await verifySignatureCached(line, ED25519, `${data}x`, good)).toBe(false);
    const bad = signed("something else");
    expect(await verifySignatureCached(line, ED25519, data, bad)).toBe(false);
    expect(await verifySignatureCached(line, ED25519, data, bad)).toBe(false);
  });

  it("forgets a signature after twice the clock-skew window", async () => {
    const data = `date: ${new Date().toUTCString()} #expiry`;
    const verify = vi.spyOn(crypto.subtle, "verify");
    const t0 = Date.now();
    expect(await verifySignatureCached(line, ED25519, data, signed(data), t0)).toBe(true);
    expect(await verifySignatureCached(line, ED25519, data, signed(data), t0 + 599_000)).toBe(true);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(await verifySignatureCached(line, ED25519, data, signed(data), t0 + 601_000)).toBe(true);
    expect(verify).toHaveBeenCalledTimes(2);
  });
});
