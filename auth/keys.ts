/** SSH public keys → fingerprints and WebCrypto keys (with a per-isolate cache). */
import { MantaError } from "../core/errors.ts";
import type { HashAlgorithm, SignatureAlgorithm } from "../core/signature.ts";
import { base64Encode, base64UrlEncode, derToRawEcdsa, parseSshPublicKey, type SshKey } from "../core/ssh-key.ts";

export interface Fingerprints {
  md5: string; // "aa:bb:..." lowercase hex, as node-manta sends in keyId
  sha256: string; // "SHA256:base64-without-padding", as ssh-keygen prints
  type: string;
}

export async function fingerprints(line: string): Promise<Fingerprints> {
  const key = parseSshPublicKey(line);
  const md5 = new Uint8Array(await crypto.subtle.digest("MD5", key.blob));
  const sha = new Uint8Array(await crypto.subtle.digest("SHA-256", key.blob));
  return {
    md5: Array.from(md5, (b) => b.toString(16).padStart(2, "0")).join(":"),
    sha256: "SHA256:" + base64Encode(sha, false),
    type: parseTypeName(key),
  };
}

function parseTypeName(k: SshKey): string {
  return k.type === "ecdsa" ? `ecdsa-${k.curve}` : k.type;
}

const HASH: Record<HashAlgorithm, string> = { sha1: "SHA-1", sha256: "SHA-256", sha384: "SHA-384", sha512: "SHA-512" };
const CURVE_BYTES = { "P-256": 32, "P-384": 48, "P-521": 66 } as const;

const cache = new Map<string, Promise<CryptoKey>>();

async function importKey(key: SshKey, alg: SignatureAlgorithm): Promise<CryptoKey> {
  if (key.type === "ssh-rsa" && alg.key === "rsa") {
    const jwk = { kty: "RSA", n: base64UrlEncode(key.n), e: base64UrlEncode(key.e), ext: true };
    return crypto.subtle.importKey("jwk", jwk, { name: "RSASSA-PKCS1-v1_5", hash: HASH[alg.hash] }, false, ["verify"]);
  }
  if (key.type === "ecdsa" && alg.key === "ecdsa") {
    const jwk = { kty: "EC", crv: key.curve, x: base64UrlEncode(key.x), y: base64UrlEncode(key.y), ext: true };
    return crypto.subtle.importKey("jwk", jwk, { name: "ECDSA", namedCurve: key.curve }, false, ["verify"]);
  }
  if (key.type === "ssh-ed25519" && alg.key === "ed25519") {
    return crypto.subtle.importKey("raw", key.key, { name: "Ed25519" }, false, ["verify"]);
  }
  throw new MantaError("InvalidAlgorithm", `algorithm ${alg.key}-${alg.hash} does not match the key type`);
}

/** Verify `signature` (base64, as http-signature encodes it) over `data` with an SSH public key. */
export async function verifySignature(keyLine: string, alg: SignatureAlgorithm, data: string, signature: string): Promise<boolean> {
  const key = parseSshPublicKey(keyLine);
  const cacheKey = `${alg.key}-${alg.hash}:${keyLine}`;
  let pending = cache.get(cacheKey);
  if (!pending) {
    pending = importKey(key, alg);
    if (cache.size > 1000) cache.clear();
    cache.set(cacheKey, pending);
    pending.catch(() => cache.delete(cacheKey));
  }
  const cryptoKey = await pending;
  let sig: Uint8Array;
  try {
    sig = Uint8Array.from(atob(signature), (c) => c.charCodeAt(0));
  } catch {
    return false;
  }
  try {
    return await verifyWith(key, cryptoKey, alg, sig, new TextEncoder().encode(data));
  } catch {
    // WebCrypto throws on malformed signatures (wrong length, bad encoding): that is a bad signature, not a fault.
    return false;
  }
}

async function verifyWith(key: SshKey, cryptoKey: CryptoKey, alg: SignatureAlgorithm, sig: Uint8Array, bytes: Uint8Array): Promise<boolean> {
  if (key.type === "ecdsa") {
    const raw = derToRawEcdsa(sig, CURVE_BYTES[key.curve]);
    return crypto.subtle.verify({ name: "ECDSA", hash: HASH[alg.hash] }, cryptoKey, raw, bytes);
  }
  if (key.type === "ssh-ed25519") return crypto.subtle.verify({ name: "Ed25519" }, cryptoKey, sig, bytes);
  return crypto.subtle.verify({ name: "RSASSA-PKCS1-v1_5" }, cryptoKey, sig, bytes);
}
