/**
 * authenticate → authorize, in muskie's order: parse the Signature (or the
 * presigned query), check the clock, find the key by fingerprint, verify, then
 * decide whether the caller may touch the target path (owner only, except
 * anonymous reads under /LOGIN/public).
 */
import { createMiddleware } from "hono/factory";
import { MantaError, unwrap } from "../../core/errors.ts";
import { canAccess } from "../../core/access.ts";
import { parseRequestPath, rootOf } from "../../core/paths.ts";
import {
  checkClockSkew,
  isPresigned,
  parseAuthorization,
  parsePresigned,
  signedDateHeader,
  signingString,
  type KeyId,
  type SignatureAlgorithm,
} from "../../core/signature.ts";
import { verifySignatureCached } from "../../auth/keys.ts";
import type { AppEnv, Caller } from "../env.ts";
import { accounts } from "../../namespace/index.ts";

// Keys change rarely; a short per-isolate cache keeps AccountsDO off the hot path
// (KEY_CACHE_TTL_MS, 5 s by default: a removed key keeps working that long).
const DEFAULT_KEY_TTL_MS = 5_000;
const keyCache = new Map<string, { line: string; at: number }>();

async function keyLine(env: Env, keyId: KeyId): Promise<string> {
  // Refused before the cache is asked: a cached account key must not answer for a subuser's keyId.
  if (keyId.subuser) throw new MantaError("InvalidKeyId", "subusers are not supported yet");
  const k = `${keyId.login}/${keyId.fingerprint}`;
  const hit = keyCache.get(k);
  const ttl = Number(env.KEY_CACHE_TTL_MS || DEFAULT_KEY_TTL_MS);
  if (hit && Date.now() - hit.at < ttl) return hit.line;
  const { line } = unwrap(await accounts(env).findKey(keyId.login, keyId.fingerprint));
  if (keyCache.size > 1000) keyCache.clear();
  keyCache.set(k, { line, at: Date.now() });
  return line;
}

async function verify(env: Env, keyId: KeyId, alg: SignatureAlgorithm, data: string, sig: string): Promise<Caller["login"]> {
  const line = await keyLine(env, keyId);
  if (!(await verifySignatureCached(line, alg, data, sig))) {
    throw new MantaError("InvalidSignature", "The signature we calculated does not match the one you sent");
  }
  return keyId.login;
}

function rawQuery(url: URL): Record<string, string> {
  const q: Record<string, string> = {};
  url.searchParams.forEach((v, k) => (q[k] = v));
  return q;
}

/** Who is calling: a verified login, or anonymous. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const url = new URL(c.req.url);
  const authz = c.req.header("authorization");
  const query = rawQuery(url);
  if (authz) {
    const parsed = parseAuthorization(authz);
    checkClockSkew(c.req.header(signedDateHeader(parsed.headers)!), Date.now());
    const data = signingString(parsed.headers, (n) => c.req.header(n), `${c.req.method.toLowerCase()} ${url.pathname}${url.search}`);
    const login = await verify(c.env, parsed.keyId, parsed.algorithm, data, parsed.signature);
    c.set("caller", { login, via: "signature" });
  } else if (isPresigned(query)) {
    const host = c.req.header("host") ?? url.host;
    const p = parsePresigned(query, c.req.method, host, url.pathname, Date.now());
    const login = await verify(c.env, p.keyId, p.algorithm, p.signingString, p.signature);
    c.set("caller", { login, via: "presigned" });
  }
  await next();
});

/** Parse the target path into c.var.target. */
export const resolveTarget = createMiddleware<AppEnv>(async (c, next) => {
  const target = parseRequestPath(new URL(c.req.url).pathname);
  // Under /LOGIN only the fixed top-level directories exist.
  if (target.segments.length > 0 && rootOf(target) === null) {
    if (c.req.method === "PUT") {
      throw new MantaError("OperationNotAllowedOnRootDirectory", `PUT is not allowed on /${target.login}`);
    }
    throw new MantaError("ResourceNotFound", `${target.path} was not found`);
  }
  c.set("target", target);
  await next();
});

/** Owner only; anonymous and other accounts may read /LOGIN/public (core/access.ts). */
export const authorize = createMiddleware<AppEnv>(async (c, next) => {
  const target = c.get("target");
  const caller = c.get("caller");
  if (!canAccess(caller.login, target.path, c.req.method)) {
    // As muskie, which loads the owner first: a signed caller learns that an account is missing.
    if (caller.login !== null && !(await accounts(c.env).accountExists(target.login))) {
      throw new MantaError("AccountDoesNotExist", `account ${target.login} does not exist`);
    }
    if (caller.login === null) {
      throw new MantaError("AuthorizationFailed", `${c.req.method} ${target.path} requires a signed request`);
    }
    throw new MantaError("AuthorizationFailed", `${caller.login} is not allowed to access ${target.path}`);
  }
  await next();
});
