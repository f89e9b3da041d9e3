// Accounts for end-to-end tests: a fresh HOME with an ssh-keygen key, registered through the
// real Mobula CLI, and the environment the Manta CLI needs to sign as that user.
//
// No SSH_AUTH_SOCK: smartdc-auth then reads the private key from $HOME/.ssh, matching it by
// fingerprint. (An *empty* SSH_AUTH_SOCK does not mean "no agent" to it: every command fails
// with ERR_SOCKET_BAD_PORT — checked with manta 5.4.2 — so the variable must be absent.)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { run } from "./process.ts";
import type { MobulaServer } from "./server.ts";

export type KeyType = "ed25519" | "rsa" | "ecdsa";

export interface MantaEnv {
  HOME: string;
  MANTA_URL: string;
  MANTA_USER: string;
  MANTA_KEY_ID: string; // the MD5 fingerprint
  [name: string]: string;
}

/** Runs Mobula's own CLI (cli/bin/mobula.js, what `npx mobula` runs) against `server`. */
export function mobula(server: MobulaServer, args: string[], env: NodeJS.ProcessEnv = {}) {
  return run(process.execPath, ["cli/bin/mobula.js", ...args], {
    env: { ...process.env, MANTA_URL: server.url, MOBULA_STATE: server.stateDir, MOBULA_OPERATOR_TOKEN: "", ...env },
    timeoutMs: 30_000,
  });
}

export async function makeUser(server: MobulaServer, login: string, keyType: KeyType = "ed25519"): Promise<MantaEnv> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), `mobula-home-${login}-`));
  const sshDir = path.join(home, ".ssh");
  fs.mkdirSync(sshDir, { mode: 0o700 });
  const keyFile = path.join(sshDir, `id_${keyType}`);
  const bits = keyType === "ecdsa" ? ["-b", "256"] : keyType === "rsa" ? ["-b", "2048"] : [];
  const keygen = await run("ssh-keygen", ["-q", "-t", keyType, ...bits, "-N", "", "-C", `${login}@mobula-e2e`, "-f", keyFile]);
  if (keygen.code !== 0) throw new Error(`ssh-keygen failed: ${keygen.stderr}`);

  const added = await mobula(server, ["account", "add", login, "--key", `${keyFile}.pub`, "--json"]);
  if (added.code !== 0) throw new Error(`mobula account add ${login} failed (${added.code}): ${added.stderr}`);
  const { key } = JSON.parse(added.stdout.toString()) as { key: { md5: string } };
  return { HOME: home, MANTA_URL: server.url, MANTA_USER: login, MANTA_KEY_ID: key.md5 };
}
