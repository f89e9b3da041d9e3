/** Signed requests from inside workerd: a real Ed25519 key, registered through the operator API. */
import { exports } from "cloudflare:workers";

export const OPERATOR = "test-operator-token";

function b64(bytes: ArrayBuffer | Uint8Array): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)));
}

function sshString(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + bytes.length);
  new DataView(out.buffer).setUint32(0, bytes.length);
  out.set(bytes, 4);
  return out;
}

export interface TestUser {
  login: string;
  keyId: string;
  sign(date: string): Promise<string>;
}

export function fetchWorker(path: string, init?: RequestInit): Promise<Response> {
  return (exports as unknown as { default: Fetcher }).default.fetch(new Request(`http://mobula.test${path}`, init));
}

export async function makeUser(login: string): Promise<TestUser> {
  const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
  const raw = new Uint8Array((await crypto.subtle.exportKey("raw", pair.publicKey)) as ArrayBuffer);
  const type = new TextEncoder().encode("ssh-ed25519");
  const blob = new Uint8Array([...sshString(type), ...sshString(raw)]);
  const line = `ssh-ed25519 ${b64(blob)} ${login}@test`;
  const res = await fetchWorker("/_mobula/accounts", {
    method: "POST",
    headers: { authorization: `Bearer ${OPERATOR}`, "content-type": "application/json" },
    body: JSON.stringify({ login, key: line }),
  });
  if (res.status !== 201) throw new Error(`account add failed: ${res.status} ${await res.text()}`);
  const { keys } = (await res.json()) as { keys: Array<{ md5: string }> };
  const keyId = `/${login}/keys/${keys[0]!.md5}`;
  return {
    login,
    keyId,
    async sign(date: string) {
      const sig = await crypto.subtle.sign({ name: "Ed25519" }, pair.privateKey, new TextEncoder().encode(`date: ${date}`));
      return `Signature keyId="${keyId}",algorithm="ed25519-sha512",headers="date",signature="${b64(sig)}"`;
    },
  };
}

/** A request signed as `user` (or anonymous when user is null). */
export async function call(user: TestUser | null, method: string, path: string, init: { headers?: Record<string, string>; body?: BodyInit | null } = {}): Promise<Response> {
  const date = new Date().toUTCString();
  const headers: Record<string, string> = { date, ...(init.headers ?? {}) };
  if (user) headers.authorization = await user.sign(date);
  return fetchWorker(path, { method, headers, body: init.body ?? null });
}
