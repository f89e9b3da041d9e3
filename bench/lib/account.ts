/** A bench account: an Ed25519 key made in Node, registered through the operator API, signing like node-manta. */
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";

function sshString(b: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}

export interface Signer {
  login: string;
  headers(): Record<string, string>;
}

export async function registerAccount(url: string, stateDir: string, login: string): Promise<Signer> {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const raw = (publicKey.export({ format: "jwk" }) as { x: string }).x;
  const blob = Buffer.concat([sshString(Buffer.from("ssh-ed25519")), sshString(Buffer.from(raw, "base64url"))]);
  const token = readFileSync(join(stateDir, "operator-token"), "utf8").trim();
  const res = await fetch(`${url}/_mobula/accounts`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ login, key: `ssh-ed25519 ${blob.toString("base64")} bench` }),
  });
  if (res.status !== 201) throw new Error(`account add: ${res.status} ${await res.text()}`);
  const { keys } = (await res.json()) as { keys: Array<{ md5: string }> };
  return signer(login, keys[0]!.md5, privateKey);
}

function signer(login: string, md5: string, key: KeyObject): Signer {
  return {
    login,
    headers() {
      const date = new Date().toUTCString();
      const sig = sign(null, Buffer.from(`date: ${date}`), key).toString("base64");
      return { date, authorization: `Signature keyId="/${login}/keys/${md5}",algorithm="ed25519-sha512",headers="date",signature="${sig}"` };
    },
  };
}
