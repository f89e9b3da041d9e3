import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CliError } from "../../cli/errors.ts";
import { readPublicKey } from "../../cli/public-key.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mobula-cli-key-"));

function keygen(type: string, bits: string[] = [], name = `id_${type}`): string {
  const file = path.join(dir, name);
  execFileSync("ssh-keygen", ["-q", "-t", type, ...bits, "-N", "", "-C", `me@${type}`, "-f", file]);
  return file;
}

function sshFingerprint(file: string, hash: "md5" | "sha256"): string {
  // "256 MD5:aa:bb:… comment (ED25519)"
  return execFileSync("ssh-keygen", ["-l", "-E", hash, "-f", file], { encoding: "utf8" }).split(" ")[1].replace(/^MD5:/, "");
}

describe("reading an OpenSSH public key", () => {
  for (const [type, bits] of [["ed25519", []], ["rsa", ["-b", "2048"]], ["ecdsa", ["-b", "256"]]] as const) {
    it(`computes the same ${type} fingerprints as ssh-keygen -l`, () => {
      const file = keygen(type, [...bits]);
      const key = readPublicKey(`${file}.pub`);
      expect(key.md5).toBe(sshFingerprint(`${file}.pub`, "md5"));
      expect(key.sha256).toBe(sshFingerprint(`${file}.pub`, "sha256"));
      expect(key.comment).toBe(`me@${type}`);
      expect(key.line).toBe(fs.readFileSync(`${file}.pub`, "utf8").trim());
    });
  }

  it("refuses a private key and names the .pub to use instead", () => {
    const file = keygen("ed25519", [], "private_only");
    expect(() => readPublicKey(file)).toThrow(CliError);
    expect(() => readPublicKey(file)).toThrow(`${file}.pub`);
  });

  it("refuses text that is not a public key, and a missing file", () => {
    const junk = path.join(dir, "junk.pub");
    fs.writeFileSync(junk, "ssh-ed25519 not-base64!! comment\n");
    expect(() => readPublicKey(junk)).toThrow(/not an OpenSSH public key/);
    expect(() => readPublicKey(path.join(dir, "absent.pub"))).toThrow(/ENOENT/);
  });
});
