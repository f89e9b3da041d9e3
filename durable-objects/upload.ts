/**
 * UploadDO — one per multipart upload, the authority for its state:
 * created → finalizing(commit|abort) → done(committed|aborted). The parts
 * themselves are ordinary objects in the upload's parts directory.
 */
import { DurableObject } from "cloudflare:workers";
import { fail, type Result } from "../core/errors.ts";
import { UploadRecordSchema, type UploadRecord } from "../core/wire/mpu.ts";

export class UploadDO extends DurableObject<Env> {
  private load(): UploadRecord | null {
    const raw = this.ctx.storage.kv.get<string>("upload");
    return raw ? UploadRecordSchema.parse(JSON.parse(raw)) : null;
  }

  private save(u: UploadRecord): void {
    this.ctx.storage.kv.put("upload", JSON.stringify(u));
  }

  async create(u: UploadRecord): Promise<void> {
    if (!this.load()) this.save(u);
  }

  async get(): Promise<UploadRecord | null> {
    return this.load();
  }

  /** Enter finalizing. Committing again with the same parts is allowed (idempotent commit). */
  async begin(type: "commit" | "abort", parts: string[] | null): Promise<Result<{ upload: UploadRecord; already: boolean }>> {
    const u = this.load();
    if (!u) return fail("ResourceNotFound", "upload was not found");
    if (u.state === "done" || (u.state === "finalizing" && u.type !== type)) {
      const done = u.result ?? (u.type === "commit" ? "committed" : "aborted");
      const same = type === "commit" && done === "committed" && JSON.stringify(u.parts) === JSON.stringify(parts);
      if (same || (type === "abort" && done === "aborted")) return { ok: true, upload: u, already: u.state === "done" };
      return fail("InvalidMultipartUploadState", `upload ${u.id}: already ${done}`);
    }
    const next: UploadRecord = { ...u, state: "finalizing", type, ...(parts ? { parts } : {}) };
    this.save(next);
    return { ok: true, upload: next, already: false };
  }

  async finish(result: "committed" | "aborted", partsMD5Summary?: string): Promise<UploadRecord> {
    const u = this.load()!;
    const next: UploadRecord = { ...u, state: "done", result, ...(partsMD5Summary ? { partsMD5Summary } : {}) };
    this.save(next);
    return next;
  }

  /** A failed commit check returns the upload to "created" so the client can fix it and retry. */
  async reopen(): Promise<void> {
    const u = this.load();
    if (u && u.state === "finalizing") {
      const { type: _t, ...rest } = u;
      this.save({ ...rest, state: "created" });
    }
  }
}
