/**
 * AccountsDO — the authority for logins and their SSH keys (one instance,
 * named "accounts"). Keys are indexed by both fingerprints: node-manta always
 * sends MD5 in keyId, other clients may send SHA256.
 */
import { SqliteObject } from "./sqlite-object.ts";
import { fail, type Result } from "../core/errors.ts";
import { isValidLogin } from "../core/paths.ts";
import { fingerprints } from "../auth/keys.ts";
import type { AccountInfo, KeyInfo } from "../core/wire/accounts.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS accounts (login TEXT PRIMARY KEY, created INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS keys (
  md5 TEXT PRIMARY KEY,      -- "aa:bb:.." fingerprint
  sha256 TEXT NOT NULL,      -- "SHA256:..." fingerprint
  login TEXT NOT NULL,
  type TEXT NOT NULL,        -- ssh-rsa, ssh-ed25519, ecdsa-P-256, ...
  line TEXT NOT NULL,        -- the OpenSSH public key line
  created INTEGER NOT NULL   -- ms since epoch
);
CREATE INDEX IF NOT EXISTS keys_login ON keys (login);
CREATE INDEX IF NOT EXISTS keys_sha256 ON keys (sha256);
`;

export type { AccountInfo, KeyInfo } from "../core/wire/accounts.ts";

type KeyRow = { md5: string; sha256: string; login: string; type: string; line: string };

export class AccountsDO extends SqliteObject {

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, SCHEMA);
  }

  private info(login: string): AccountInfo {
    const keys = this.sql
      .exec<KeyRow>("SELECT md5, sha256, type FROM keys WHERE login = ? ORDER BY created", login)
      .toArray()
      .map((k) => ({ md5: k.md5, sha256: k.sha256, type: k.type }));
    return { login, keys };
  }

  private exists(login: string): boolean {
    return this.sql.exec("SELECT 1 FROM accounts WHERE login = ?", login).toArray().length > 0;
  }

  async addAccount(login: string, keyLine: string): Promise<Result<{ account: AccountInfo }>> {
    if (!isValidLogin(login)) return fail("InvalidArgument", `${login} is not a valid login`);
    if (this.exists(login)) return fail("EntityAlreadyExists", `account ${login} already exists`);
    const fp = await this.fingerprintsOf(keyLine);
    if (!fp.ok) return fp;
    if (this.keyOwner(fp.md5)) return fail("EntityAlreadyExists", `key ${fp.md5} is already registered`);
    this.ctx.storage.transactionSync(() => {
      this.sql.exec("INSERT INTO accounts (login, created) VALUES (?, ?)", login, Date.now());
      this.insertKey(login, keyLine, fp);
    });
    return { ok: true, account: this.info(login) };
  }

  async addKey(login: string, keyLine: string): Promise<Result<{ account: AccountInfo }>> {
    if (!this.exists(login)) return fail("AccountDoesNotExist", `account ${login} does not exist`);
    const fp = await this.fingerprintsOf(keyLine);
    if (!fp.ok) return fp;
    const owner = this.keyOwner(fp.md5);
    if (owner && owner !== login) return fail("EntityAlreadyExists", `key ${fp.md5} belongs to another account`);
    if (!owner) this.insertKey(login, keyLine, fp);
    return { ok: true, account: this.info(login) };
  }

  async removeKey(login: string, fingerprint: string): Promise<Result<{}>> {
    const row = this.lookup(login, fingerprint);
    if (!row) return fail("ResourceNotFound", `/${login}/keys/${fingerprint} was not found`);
    this.sql.exec("DELETE FROM keys WHERE md5 = ?", row.md5);
    return { ok: true };
  }

  async list(): Promise<AccountInfo[]> {
    return this.sql
      .exec<{ login: string }>("SELECT login FROM accounts ORDER BY login")
      .toArray()
      .map((a) => this.info(a.login));
  }

  async accountExists(login: string): Promise<boolean> {
    return this.exists(login);
  }

  /** The key line for (login, md5 or SHA256 fingerprint), or why not. */
  async findKey(login: string, fingerprint: string): Promise<Result<{ line: string }>> {
    if (!this.exists(login)) return fail("AccountDoesNotExist", `account ${login} does not exist`);
    const row = this.lookup(login, fingerprint);
    if (!row) return fail("KeyDoesNotExist", `/${login}/keys/${fingerprint} does not exist`);
    return { ok: true, line: row.line };
  }

  private lookup(login: string, fingerprint: string): KeyRow | undefined {
    const column = fingerprint.startsWith("SHA256:") ? "sha256" : "md5";
    return this.sql
      .exec<KeyRow>(`SELECT * FROM keys WHERE ${column} = ? AND login = ?`, column === "md5" ? fingerprint.toLowerCase() : fingerprint, login)
      .toArray()[0];
  }

  private keyOwner(md5: string): string | null {
    const row = this.sql.exec<{ login: string }>("SELECT login FROM keys WHERE md5 = ?", md5).toArray()[0];
    return row ? row.login : null;
  }

  private insertKey(login: string, line: string, fp: KeyInfo): void {
    this.sql.exec(
      "INSERT INTO keys (md5, sha256, login, type, line, created) VALUES (?, ?, ?, ?, ?, ?)",
      fp.md5,
      fp.sha256,
      login,
      fp.type,
      line.trim(),
      Date.now(),
    );
  }

  private async fingerprintsOf(line: string): Promise<Result<KeyInfo>> {
    try {
      return { ok: true, ...(await fingerprints(line)) };
    } catch {
      return fail("InvalidArgument", "key is not a valid OpenSSH public key (RSA, ECDSA or Ed25519)");
    }
  }
}
