/**
 * OpenSSH public keys (`ssh-ed25519 AAAA... comment`): the wire blob split
 * into its fields, so the Worker can import them into WebCrypto.
 */
import { MantaError } from "./errors.ts";

export type SshKey =
  | { type: "ssh-rsa"; blob: Uint8Array; e: Uint8Array; n: Uint8Array }
  | { type: "ecdsa"; blob: Uint8Array; curve: "P-256" | "P-384" | "P-521"; x: Uint8Array; y: Uint8Array }
  | { type: "ssh-ed25519"; blob: Uint8Array; key: Uint8Array };

const CURVES = { nistp256: "P-256", nistp384: "P-384", nistp521: "P-521" } as const;

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

export function base64Decode(s: string): Uint8Array {
  const clean = s.replace(/=+$/, "");
  if (!/^[A-Za-z0-9+/]*$/.test(clean)) throw new MantaError("InvalidArgument", "invalid base64");
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let j = 0;
  for (const ch of clean) {
    acc = (acc << 6) | B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, j);
}

export function base64Encode(bytes: Uint8Array, pad = true): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + (pad ? "==" : "");
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + (pad ? "=" : "");
  }
  return out;
}

export function base64UrlEncode(bytes: Uint8Array): string {
  return base64Encode(bytes, false).replace(/\+/g, "-").replace(/\//g, "_");
}

/** Reads SSH wire-format length-prefixed strings. */
function reader(buf: Uint8Array) {
  let off = 0;
  return {
    string(): Uint8Array {
      if (off + 4 > buf.length) throw new MantaError("InvalidArgument", "truncated SSH public key");
      const len = ((buf[off]! << 24) | (buf[off + 1]! << 16) | (buf[off + 2]! << 8) | buf[off + 3]!) >>> 0;
      off += 4;
      if (off + len > buf.length) throw new MantaError("InvalidArgument", "truncated SSH public key");
      const s = buf.subarray(off, off + len);
      off += len;
      return s;
    },
    done(): boolean {
      return off === buf.length;
    },
  };
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** Strip the sign byte of an SSH mpint. */
function unsigned(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

export function parseSshPublicKey(line: string): SshKey {
  const fields = line.trim().split(/\s+/);
  if (fields.length < 2) throw new MantaError("InvalidArgument", "not an OpenSSH public key line");
  const blob = base64Decode(fields[1]!);
  const r = reader(blob);
  const type = text(r.string());
  if (type !== fields[0]) throw new MantaError("InvalidArgument", "SSH key type does not match its blob");
  if (type === "ssh-rsa") {
    const e = unsigned(r.string());
    const n = unsigned(r.string());
    return { type, blob, e, n };
  }
  if (type === "ssh-ed25519") {
    const key = r.string();
    if (key.length !== 32) throw new MantaError("InvalidArgument", "bad Ed25519 key length");
    return { type, blob, key };
  }
  const ec = /^ecdsa-sha2-(nistp256|nistp384|nistp521)$/.exec(type);
  if (ec) {
    const curveName = text(r.string()) as keyof typeof CURVES;
    const q = r.string();
    const curve = CURVES[curveName];
    if (!curve || q[0] !== 4) throw new MantaError("InvalidArgument", "unsupported ECDSA point");
    const half = (q.length - 1) / 2;
    return { type: "ecdsa", blob, curve, x: q.subarray(1, 1 + half), y: q.subarray(1 + half) };
  }
  throw new MantaError("InvalidArgument", `unsupported key type ${type}`);
}

/** Convert an ASN.1 DER ECDSA signature (SEQUENCE{r,s}) into raw r||s of `size` bytes each. */
export function derToRawEcdsa(der: Uint8Array, size: number): Uint8Array {
  let off = 0;
  const fail = () => new MantaError("InvalidSignature", "malformed ECDSA signature");
  if (der[off++] !== 0x30) throw fail();
  let len = der[off++]!;
  if (len & 0x80) off += len & 0x7f;
  const out = new Uint8Array(size * 2);
  for (let k = 0; k < 2; k++) {
    if (der[off++] !== 0x02) throw fail();
    len = der[off++]!;
    let v = der.subarray(off, off + len);
    off += len;
    while (v.length > size && v[0] === 0) v = v.subarray(1);
    if (v.length > size) throw fail();
    out.set(v, k * size + (size - v.length));
  }
  return out;
}
