// A user whose requests the test signs itself (HTTP Signature over `date`, Ed25519), for
// raw-socket requests that the Manta CLI cannot send (malformed or cut-short ones).
import { createHash, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MobulaServer } from "./server.js";
import { mobula } from "./users.js";

function sshString(data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
}

export interface Signer {
  login: string;
  /** `date` and `authorization` headers as raw HTTP header lines (CRLF-terminated). */
  headers(): string;
}

export async function makeSigner(server: MobulaServer, login: string): Promise<Signer> {
  const { publicKey, privateKey }: { publicKey: KeyObject; privateKey: KeyObject } = generateKeyPairSync("ed25519");
  const raw = Buffer.from(publicKey.export({ format: "jwk" }).x as string, "base64url");
  const blob = Buffer.concat([sshString(Buffer.from("ssh-ed25519")), sshString(raw)]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mobula-signer-${login}-`));
  const pubFile = path.join(dir, "id_ed25519.pub");
  fs.writeFileSync(pubFile, `ssh-ed25519 ${blob.toString("base64")} ${login}@signer\n`);
  const added = await mobula(server, ["account", "add", login, "--key", pubFile]);
  if (added.code !== 0) throw new Error(`mobula account add ${login}: ${added.stderr}`);
  const md5 = createHash("md5").update(blob).digest("hex").match(/../g)!.join(":");
  return {
    login,
    headers() {
      const date = new Date().toUTCString();
      const signature = sign(null, Buffer.from(`date: ${date}`), privateKey).toString("base64");
      const auth = `Signature keyId="/${login}/keys/${md5}",algorithm="ed25519-sha512",headers="date",signature="${signature}"`;
      return `Date: ${date}\r\nAuthorization: ${auth}\r\n`;
    },
  };
}
