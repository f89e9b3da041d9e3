/** SSH public keys → fingerprints and WebCrypto keys (with a per-isolate cache). */
import { MantaError } from "../core/errors.ts";
import { CLOCK_SKEW_MS, type HashAlgorithm, type SignatureAlgorithm } from "../core/signature.ts";
import { base64Encode, base64UrlEncode, derToRawEcdsa, parseSshPublicKey, type SshKey } from "../core/ssh-key.ts";

export interface Fingerprints {
  md5: string; // "aa:bb:..." lowercase hex, as node-manta sends in keyId
  sha256: string; // "SHA256:base64-without-padding", as ssh-keygen prints
  type: string;
}

// core/ stays free of Workers and DOM types, so its byte arrays are plain Uint8Array (any buffer);
// WebCrypto's DOM typing wants ArrayBuffer-backed views, which these always are.
const buf = (u: Uint8Array) => u as Uint8Array<ArrayBuffer>;

export async function fingerprints(line: string): Promise<Fingerprints> {
  const key = parseSshPublicKey(line);
  const md5 = new Uint8Array(await crypto.subtle.digest("MD5", buf(key.blob)));
  const sha = new Uint8Array(await crypto.subtle.digest("SHA-256", buf(key.blob)));
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
    return crypto.subtle.importKey("raw", buf(key.key), { name: "Ed25519" }, false, ["verify"]);
  }
  throw new MantaError("InvalidAlgorithm", `algorithm ${alg.key}-${alg.hash} does not match the key type`);
}

// Signatures already verified, for the clock-skew window: node-manta signs `date`, which has a
// one-second resolution, so a client's requests within one second repeat (key, string,
// signature) exactly; re-verifying them is pure CPU. Only successes are kept, and the request's
// date is still checked against the clock on every request before this is asked.
const VERIFIED_TTL_MS = 2 * CLOCK_SKEW_MS;
const VERIFIED_MAX = 10_000;
const verified = new Map<string, number>(); // key → expiry (ms), in insertion order

/** Verify, remembering successes: same answer as verifySignature, without the crypto on a repeat. */
export async function verifySignatureCached(keyLine: string, alg: SignatureAlgorithm, data: string, signature: string, now = Date.now()): Promise<boolean> {
  const k = `${alg.key}-${alg.hash}\n${keyLine}\n${signature}\n${data}`;
  const expiry = verified.get(k);
  if (expiry !== undefined && expiry > now) return true;
  const ok = await verifySignature(keyLine, alg, data, signature);
  if (ok) {
    if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
    verified.set(k, now + VERIFIED_TTL_MS);
  }
  return ok;
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
    return crypto.subtle.verify({ name: "ECDSA", hash: HASH[alg.hash] }, cryptoKey, buf(raw), buf(bytes));
  }
  if (key.type === "ssh-ed25519") return crypto.subtle.verify({ name: "Ed25519" }, cryptoKey, buf(sig), buf(bytes));
  return crypto.subtle.verify({ name: "RSASSA-PKCS1-v1_5" }, cryptoKey, buf(sig), buf(bytes));
}
