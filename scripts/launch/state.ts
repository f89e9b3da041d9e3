// The state folder: wrangler's persisted Durable Objects and R2 (wrangler/), the operator
// token (operator-token, mode 0600), this server's name (server-name) and, with MOBULA_TLS,
// a self-signed certificate (tls/).
import { randomBytes, randomUUID } from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const TOKEN_FILE = "operator-token";
export const SERVER_NAME_FILE = "server-name";

export function ensureStateDir(stateDir: string): void {
  fs.mkdirSync(path.join(stateDir, "wrangler"), { recursive: true, mode: 0o700 });
}

/** Reads the operator token, creating it on first run. */
export function ensureOperatorToken(stateDir: string): { token: string; created: boolean } {
  const file = path.join(stateDir, TOKEN_FILE);
  try {
    const fd = fs.openSync(file, "wx", 0o600); // fails if it exists: never overwrite a token
    const token = randomBytes(32).toString("base64url");
    fs.writeSync(fd, `${token}\n`);
    fs.closeSync(fd);
    return { token, created: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  const token = fs.readFileSync(file, "utf8").trim();
  if (!/^[A-Za-z0-9_.~+/=-]{16,}$/.test(token)) {
    throw new Error(`${file} does not hold a usable token (16+ URL-safe characters); delete it to get a new one`);
  }
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  return { token, created: false };
}

/** This server's stable id (x-server-name on every answer): a UUID made on first run. */
export function ensureServerName(stateDir: string): string {
  const file = path.join(stateDir, SERVER_NAME_FILE);
  try {
    const fd = fs.openSync(file, "wx", 0o644);
    const name = randomUUID();
    fs.writeSync(fd, `${name}\n`);
    fs.closeSync(fd);
    return name;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  const name = fs.readFileSync(file, "utf8").trim();
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(name)) {
    throw new Error(`${file} does not hold a usable server name (letters, digits, . _ -); delete it to get a new one`);
  }
  return name;
}

/** A self-signed certificate for localhost, made once with openssl. */
export function ensureTlsFiles(stateDir: string): { key: string; cert: string; certPath: string } {
  const dir = path.join(stateDir, "tls");
  const keyPath = path.join(dir, "key.pem");
  const certPath = path.join(dir, "cert.pem");
  if (!fs.existsSync(keyPath) || !fs.existsSync(certPath)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "825",
        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1",
        "-keyout", keyPath, "-out", certPath],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    fs.chmodSync(keyPath, 0o600);
  }
  return { key: fs.readFileSync(keyPath, "utf8"), cert: fs.readFileSync(certPath, "utf8"), certPath };
}
