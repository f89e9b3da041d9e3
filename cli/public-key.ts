// Reads an OpenSSH public key file and computes its fingerprints locally, the way
// `ssh-keygen -l -E md5|sha256` and node-manta's keyId do, to match the server's answer.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import { CliError } from "./errors.ts";

export interface PublicKey {
  line: string; // "type base64 [comment]", as sent to the server
  type: string;
  comment: string;
  md5: string; // aa:bb:… (the MANTA_KEY_ID form)
  sha256: string; // SHA256:base64, unpadded
}

const TYPES = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|ssh-dss)$/;

export function readPublicKey(file: string): PublicKey {
  const path = file.replace(/^~(?=$|\/)/, os.homedir());
  let text: string;
  try {
    text = fs.readFileSync(path, "utf8");
  } catch (err) {
    throw new CliError(`cannot read the key file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (text.includes("PRIVATE KEY")) {
    throw new CliError(`${path} is a private key; pass the public one (${path}.pub)`);
  }
  const line = text.split("\n").map((l) => l.trim()).find((l) => l && !l.startsWith("#")) ?? "";
  const [type = "", blob = "", ...rest] = line.split(/\s+/);
  const bytes = Buffer.from(blob, "base64");
  if (!TYPES.test(type) || bytes.length < 16 || bytes.toString("base64").replace(/=+$/, "") !== blob.replace(/=+$/, "")) {
    throw new CliError(`${path} is not an OpenSSH public key (expected "ssh-ed25519 AAAA… comment" or similar)`);
  }
  const md5 = createHash("md5").update(bytes).digest("hex").match(/../g)!.join(":");
  const sha256 = `SHA256:${createHash("sha256").update(bytes).digest("base64").replace(/=+$/, "")}`;
  return { line: [type, blob, ...rest].join(" "), type, comment: rest.join(" "), md5, sha256 };
}
