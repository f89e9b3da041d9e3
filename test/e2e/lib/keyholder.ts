// A key whose private half the test holds, registered for a login through the real Mobula CLI,
// so a test can sign requests the Manta CLI would never send (an attacker's hand-made ones):
// any header list, any keyId, any method and path.
import { createHash, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MobulaServer } from "./server.ts";
import { mobula } from "./users.ts";

function sshString(data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
}

export interface SignOptions {
  /** The signed header names, in order (default: `date`). */
  signed?: string[];
  /** keyId as sent (default: `/LOGIN/keys/MD5`). */
  keyId?: string;
}

export interface KeyHolder {
  login: string;
  md5: string;
  /** `authorization` for these headers (lower-case names; `(request-target)` needs method and path). */
  authorization(headers: Record<string, string>, opts?: SignOptions, target?: string): string;
  /** A signed fetch against the server: `date` is added unless given. */
  fetch(method: string, urlPath: string, init?: { headers?: Record<string, string>; body?: string; sign?: SignOptions }): Promise<Response>;
}

/** Registers a fresh Ed25519 key for `login`: a new account, or (`existing`) another key of it. */
export async function holdKey(server: MobulaServer, login: string, existing = false): Promise<KeyHolder> {
  const { publicKey, privateKey }: { publicKey: KeyObject; privateKey: KeyObject } = generateKeyPairSync("ed25519");
  const raw = Buffer.from(publicKey.export({ format: "jwk" }).x as string, "base64url");
  const blob = Buffer.concat([sshString(Buffer.from("ssh-ed25519")), sshString(raw)]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mobula-keyholder-${login}-`));
  const pubFile = path.join(dir, "id_ed25519.pub");
  fs.writeFileSync(pubFile, `ssh-ed25519 ${blob.toString("base64")} ${login}@keyholder\n`);
  const added = await mobula(server, existing ? ["account", "key", "add", login, "--key", pubFile] : ["account", "add", login, "--key", pubFile]);
  if (added.code !== 0) throw new Error(`mobula account ${existing ? "key add" : "add"} ${login}: ${added.stderr}`);
  const md5 = createHash("md5").update(blob).digest("hex").match(/../g)!.join(":");

  const authorization: KeyHolder["authorization"] = (headers, opts = {}, target) => {
    const names = opts.signed ?? ["date"];
    const lines = names.map((n) => (n === "(request-target)" ? `(request-target): ${target}` : `${n}: ${headers[n]}`));
    const signature = sign(null, Buffer.from(lines.join("\n")), privateKey).toString("base64");
    const keyId = opts.keyId ?? `/${login}/keys/${md5}`;
    return `Signature keyId="${keyId}",algorithm="ed25519-sha512",headers="${names.join(" ")}",signature="${signature}"`;
  };

  return {
    login,
    md5,
    authorization,
    async fetch(method, urlPath, init = {}) {
      const headers: Record<string, string> = { date: new Date().toUTCString(), ...init.headers };
      const target = `${method.toLowerCase()} ${urlPath}`;
      headers.authorization = authorization(headers, init.sign, target);
      return fetch(`${server.url}${urlPath}`, { method, headers, ...(init.body !== undefined ? { body: init.body } : {}) });
    },
  };
}
