/**
 * Who may touch which path — the one rule every caller asks (the storage
 * routes, snaplink sources, job inputs of any phase, reducer inputs, assets,
 * the Manta tools inside tasks):
 *   - an account reads and writes everything under its own /LOGIN;
 *   - anyone, signed or anonymous, reads /LOGIN/public/**;
 *   - nothing else.
 * Paths are normalised absolute Manta paths (`/login/top/...`); a caller that
 * holds a raw name normalises it first (core/paths.ts, core/jobs/naming.ts).
 */

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function ownerAndTop(path: string): { owner: string | undefined; top: string | undefined } {
  const [, owner, top] = path.split("/");
  return { owner, top };
}

/** `login` may read `path` (`login` null: an anonymous caller). */
export function canRead(login: string | null, path: string): boolean {
  const { owner, top } = ownerAndTop(path);
  if (owner === undefined || owner === "") return false;
  return owner === login || top === "public";
}

/** `login` may write (create, replace, delete, link into) `path`: its own namespace only. */
export function canWrite(login: string | null, path: string): boolean {
  const { owner } = ownerAndTop(path);
  return login !== null && owner !== undefined && owner !== "" && owner === login;
}

/** The HTTP method's verb on `path`: reads by GET/HEAD/OPTIONS, writes by everything else. */
export function canAccess(login: string | null, path: string, method: string): boolean {
  return READ_METHODS.has(method.toUpperCase()) ? canRead(login, path) : canWrite(login, path);
}
