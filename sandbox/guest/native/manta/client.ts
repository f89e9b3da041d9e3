// The Manta tools' client: the storage capability the host handed the task (it acts as the
// job's owner; see durable-objects/shard/storage.ts), with node-manta's path rules (`~~` is
// /$MANTA_USER), Manta's error bodies turned into `CodeError: message`, listings paged by
// marker, and every wait guarded so a kill or Ctrl-C ends the tool at once.
import type { ByteSink, ByteSource } from "../../../../core/shell/index.ts";
import type { StorageAnswer, StorageCall, StorageRequest } from "../../../protocol.ts";
import type { TaskContext } from "../../context.ts";
import { UsageError } from "../args.ts";

/** A HEAD answer for a directory (Manta types directories `…; type=directory`). */
export function isDirectoryAnswer(answer: StorageAnswer): boolean {
  return /type=directory/.test(answer.headers["content-type"] ?? "");
}

/** The Manta paths a tool was given (at least one), resolved, one at a time. */
export async function eachPath(t: { client: MantaClient }, operands: string[], fn: (path: string) => Promise<void>): Promise<number> {
  if (operands.length === 0) throw new UsageError("a PATH is required");
  for (const arg of operands) await fn(t.client.resolve(arg));
  return 0;
}

/** A failed request, printed as node-manta does: `mget: ResourceNotFoundError: /u/stor/x was not found`. */
export class ToolError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const STATUS_CODES: Record<number, string> = { 400: "BadRequest", 403: "AuthorizationFailed", 404: "ResourceNotFound", 405: "MethodNotAllowed", 409: "Conflict", 412: "PreconditionFailed" };

export interface ListEntry {
  name: string;
  type: "object" | "directory";
  mtime: string;
  size?: number;
  etag?: string;
  durability?: number;
}

const PAGE = 1024;

export class MantaClient {
  constructor(
    private readonly call: StorageCall | null,
    private readonly ctx: TaskContext,
    readonly user: string,
  ) {}

  /** node-manta's path: `~~` is the caller's root; otherwise absolute, with `.`/`..` and trailing slashes resolved. */
  resolve(arg: string): string {
    const raw = arg.startsWith("~~") ? `/${this.user}${arg.slice(2)}` : arg;
    if (!raw.startsWith("/")) throw new ToolError("InvalidPath", `${arg}: paths must be absolute (or start with ~~)`);
    const parts: string[] = [];
    for (const p of raw.split("/")) {
      if (p === "..") parts.pop();
      else if (p && p !== ".") parts.push(p);
    }
    if (parts.length === 0) throw new ToolError("InvalidPath", `${arg}: not a path in an account`);
    return `/${parts.join("/")}`;
  }

  async request(method: StorageRequest["method"], path: string, opts: { query?: string; headers?: Record<string, string>; body?: ReadableStream<Uint8Array> } = {}): Promise<StorageAnswer> {
    if (!this.call) throw new ToolError("NotAvailable", "the Manta tools are not available here (no storage for this task)");
    const answer = await this.ctx.guard(this.call({ method, path, query: opts.query ?? "", headers: opts.headers ?? {}, body: opts.body ?? null }));
    if (answer.status < 400) return answer;
    let code = STATUS_CODES[answer.status] ?? "InternalError";
    let message = `${method} ${path}: HTTP ${answer.status}`;
    if (answer.body) {
      const text = await this.ctx.guard(new Response(answer.body).text());
      try {
        const body = JSON.parse(text) as { code?: unknown; message?: unknown };
        if (typeof body.code === "string") code = body.code;
        if (typeof body.message === "string") message = body.message;
      } catch {
        // not Manta's JSON: keep the status line
      }
    } else if (answer.status === 404) message = `${path} was not found`;
    throw new ToolError(code, message);
  }

  /** The entry's headers (HEAD). */
  async info(path: string): Promise<StorageAnswer> {
    return this.request("HEAD", path);
  }

  async isDirectory(path: string): Promise<boolean> {
    return isDirectoryAnswer(await this.info(path));
  }

  /** A directory's entries in listing order, a page at a time. */
  async *list(path: string): AsyncGenerator<ListEntry> {
    let marker: string | undefined;
    for (;;) {
      const query = `limit=${PAGE}${marker === undefined ? "" : `&marker=${encodeURIComponent(marker)}`}`;
      const answer = await this.request("GET", path, { query });
      const text = answer.body ? await this.ctx.guard(new Response(answer.body).text()) : "";
      const entries = text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as ListEntry);
      for (const e of entries) yield e;
      if (entries.length < PAGE) return;
      marker = entries.at(-1)!.name;
    }
  }

  /** Copies a response body into a sink, chunk by chunk. */
  async pipe(body: ReadableStream<Uint8Array> | null, sink: ByteSink): Promise<void> {
    if (!body) return;
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await this.ctx.guard(reader.read());
        if (done) return;
        await sink.write(value);
      }
    } finally {
      reader.releaseLock();
    }
  }

  /** A request body read from a shell source (stdin or a file), a MiB at a time. */
  stream(source: ByteSource): ReadableStream<Uint8Array> {
    const ctx = this.ctx;
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        const chunk = await ctx.guard(source.read(1024 * 1024));
        if (chunk === null) controller.close();
        else controller.enqueue(chunk.slice());
      },
    });
  }
}
