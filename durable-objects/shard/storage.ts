/**
 * The storage capability a ShardDO hands a task or an mlogin session: the Manta
 * tools inside (mls, mput, ...) send requests through it, and they reach the
 * Worker's TaskStorage entrypoint as the job's owner — the owner is fixed here,
 * from the assignment, so nothing the guest sends can change who is asking.
 * Only storage methods and Manta paths pass; credentials and hop-by-hop headers
 * from the guest are dropped.
 */
import type { StorageAnswer, StorageCall, StorageRequest } from "../../sandbox/protocol.ts";
import { encodePath } from "../../core/paths.ts";
import type { TaskStorageProps } from "../../workers/task-storage.ts";

export interface Loopbacks {
  default?: Fetcher;
  TaskStorage?: (opts: { props: TaskStorageProps }) => Fetcher;
}

/** `ctx.exports` (compatibility date >= 2025-11-17), typed for what the shard uses. */
export function loopbacksOf(ctx: DurableObjectState): Loopbacks {
  return (ctx as unknown as { exports?: Loopbacks }).exports ?? {};
}

const METHODS = new Set<StorageRequest["method"]>(["GET", "HEAD", "PUT", "DELETE"]);
const DROPPED = /^(authorization|host|connection|content-length|transfer-encoding|upgrade|expect|keep-alive|te|trailer|proxy-.*|x-mobula-.*)$/i;

export function ownerStorage(loopbacks: Loopbacks, login: string): StorageCall | undefined {
  const factory = loopbacks.TaskStorage;
  if (!factory) return undefined;
  const api = factory({ props: { login } });
  return async (req: StorageRequest): Promise<StorageAnswer> => {
    if (!METHODS.has(req.method)) return refusal(405, "MethodNotAllowed", `${String(req.method)} is not a storage method`);
    if (typeof req.path !== "string" || !req.path.startsWith("/") || /[?#]/.test(req.path)) {
      return refusal(400, "InvalidArgument", `not a Manta path: ${String(req.path)}`);
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers ?? {})) {
      if (DROPPED.test(name)) continue;
      try {
        headers.set(name, value);
      } catch {
        return refusal(400, "InvalidHeader", `not a valid HTTP header: ${JSON.stringify(name)}`);
      }
    }
    const query = typeof req.query === "string" && req.query ? `?${req.query.replace(/^\?/, "")}` : "";
    const url = `https://task.mobula.invalid${encodePath(req.path)}${query}`;
    const hasBody = req.method === "PUT" && req.body !== null;
    const answer = await api.fetch(new Request(url, { method: req.method, headers, body: hasBody ? req.body : null }));
    return { status: answer.status, headers: Object.fromEntries(answer.headers), body: req.method === "HEAD" ? null : answer.body };
  };
}

function refusal(status: number, code: string, message: string): StorageAnswer {
  const body = new Blob([JSON.stringify({ code, message })]).stream();
  return { status, headers: { "content-type": "application/json" }, body };
}
