/**
 * HTTP Signature (draft-cavage, as node-manta signs) and presigned-URL
 * parsing. Pure string work; the crypto lives in auth/keys.ts.
 */
import { MantaError } from "./errors.ts";

export const CLOCK_SKEW_MS = 300_000;

export type KeyAlgorithm = "rsa" | "ecdsa" | "ed25519";
export type HashAlgorithm = "sha1" | "sha256" | "sha384" | "sha512";

export interface SignatureAlgorithm {
  key: KeyAlgorithm;
  hash: HashAlgorithm;
}

export interface KeyId {
  login: string;
  subuser?: string;
  fingerprint: string; // as sent: md5 hex-colon, or "SHA256:..."
}

export interface ParsedSignature {
  keyId: KeyId;
  algorithm: SignatureAlgorithm;
  headers: string[];
  signature: string; // base64
}

const ALGORITHMS: Record<string, SignatureAlgorithm> = {
  "rsa-sha1": { key: "rsa", hash: "sha1" },
  "rsa-sha256": { key: "rsa", hash: "sha256" },
  "rsa-sha384": { key: "rsa", hash: "sha384" },
  "rsa-sha512": { key: "rsa", hash: "sha512" },
  "ecdsa-sha256": { key: "ecdsa", hash: "sha256" },
  "ecdsa-sha384": { key: "ecdsa", hash: "sha384" },
  "ecdsa-sha512": { key: "ecdsa", hash: "sha512" },
  "ed25519-sha512": { key: "ed25519", hash: "sha512" },
};

export function parseAlgorithm(name: string): SignatureAlgorithm {
  const alg = ALGORITHMS[name.toLowerCase()];
  if (!alg) throw new MantaError("InvalidAlgorithm", `${name} is not a supported signing algorithm`);
  return alg;
}

export function parseKeyId(value: string): KeyId {
  const parts = value.split("/");
  // "/login/keys/fp" → ["", login, "keys", fp]; "/login/user/keys/fp" → 5 parts
  if (parts[0] === "" && parts.length === 4 && parts[2] === "keys" && parts[1] && parts[3]) {
    return { login: parts[1], fingerprint: parts[3] };
  }
  if (parts[0] === "" && parts.length === 5 && parts[3] === "keys" && parts[1] && parts[2] && parts[4]) {
    return { login: parts[1], subuser: parts[2], fingerprint: parts[4] };
  }
  throw new MantaError("InvalidKeyId", `${value} is not a valid keyId`);
}

/** Parse `Signature keyId="...",algorithm="...",headers="...",signature="..."`. */
export function parseAuthorization(header: string): ParsedSignature {
  const m = /^\s*(\S+)\s+(.*)$/s.exec(header);
  if (!m) throw new MantaError("InvalidHeader", "authorization header is malformed");
  const scheme = m[1]!;
  if (scheme.toLowerCase() !== "signature") {
    throw new MantaError("AuthorizationSchemeNotAllowed", `${scheme} is not an allowed authorization scheme`);
  }
  const params: Record<string, string> = {};
  const re = /\s*([a-zA-Z]+)\s*=\s*"([^"]*)"\s*(,|$)/gy;
  let rest = m[2]!;
  let mm: RegExpExecArray | null;
  let consumed = 0;
  while ((mm = re.exec(rest)) !== null) {
    params[mm[1]!] = mm[2]!;
    consumed = re.lastIndex;
    if (consumed >= rest.length) break;
  }
  rest = rest.slice(consumed).trim();
  if (rest.length > 0 || !params.keyId || !params.signature) {
    throw new MantaError("InvalidHeader", "authorization header is malformed: keyId and signature are required");
  }
  const headers = (params.headers ?? "date").toLowerCase().split(/\s+/).filter(Boolean);
  // The clock check is what makes a signature expire: it must judge a signed date.
  if (signedDateHeader(headers) === null) {
    throw new MantaError("InvalidSignature", "the signature must cover the date (or x-date) header");
  }
  return {
    keyId: parseKeyId(params.keyId),
    algorithm: parseAlgorithm(params.algorithm ?? "rsa-sha256"),
    headers,
    signature: params.signature,
  };
}

/** The string node-manta signs: one `name: value` line per signed header. */
export function signingString(
  names: string[],
  get: (name: string) => string | undefined,
  requestTarget: string,
): string {
  return names
    .map((n) => {
      if (n === "(request-target)") return `(request-target): ${requestTarget}`;
      const v = get(n);
      if (v === undefined) throw new MantaError("InvalidHeader", `${n} header was signed but is missing`);
      return `${n}: ${v}`;
    })
    .join("\n");
}

/** Which signed header carries the request's time: `x-date` where signed (browsers cannot set `date`), else `date`. */
export function signedDateHeader(signed: string[]): "date" | "x-date" | null {
  if (signed.includes("x-date")) return "x-date";
  return signed.includes("date") ? "date" : null;
}

export function checkClockSkew(dateHeader: string | undefined, now: number): void {
  if (!dateHeader) throw new MantaError("InvalidHeader", "date header is required");
  const t = Date.parse(dateHeader);
  if (Number.isNaN(t)) throw new MantaError("InvalidHeader", "date header is not a valid date");
  if (Math.abs(now - t) > CLOCK_SKEW_MS) {
    throw new MantaError("RequestExpired", "clock skew between client and server exceeds 300 seconds");
  }
}

/** RFC 3986 encoding as smartdc-auth signUrl does it. */
export function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

export interface Presigned {
  keyId: KeyId;
  algorithm: SignatureAlgorithm;
  expires: number; // unix seconds
  methods: string[];
  signature: string;
  signingString: string;
}

const PRESIGN_PARAMS = ["expires", "signature", "keyId", "algorithm"] as const;

export function isPresigned(query: Record<string, string>): boolean {
  return PRESIGN_PARAMS.some((p) => query[p] !== undefined);
}

/** Rebuild what the client signed: METHODS \n host \n path \n sorted query (minus signature). */
export function parsePresigned(
  query: Record<string, string>,
  method: string,
  host: string,
  rawPath: string,
  now: number,
): Presigned {
  const missing = PRESIGN_PARAMS.filter((p) => query[p] === undefined);
  if (missing.length > 0) {
    throw new MantaError("InvalidQueryStringAuthentication", `parameters "${missing.join(", ")}" are required`);
  }
  const expires = Number(query.expires);
  if (!Number.isFinite(expires)) throw new MantaError("InvalidQueryStringAuthentication", "expires is not a number");
  if (now / 1000 > expires) throw new MantaError("InvalidQueryStringAuthentication", "request expired");
  const methods = (query.method ?? method).split(",").map((m) => m.trim().toUpperCase()).sort();
  if (!methods.includes(method)) {
    throw new MantaError("InvalidQueryStringAuthentication", `${method} was not a signed method`);
  }
  const keys = Object.keys(query).filter((k) => k !== "signature").sort((a, b) => a.localeCompare(b));
  const sorted = keys.map((k) => `${rfc3986(k)}=${rfc3986(query[k]!)}`).join("&");
  return {
    keyId: parseKeyId(query.keyId!),
    algorithm: parseAlgorithm(query.algorithm!),
    expires,
    methods,
    signature: query.signature!,
    signingString: `${methods.join(",")}\n${host}\n${rawPath}\n${sorted}`,
  };
}
