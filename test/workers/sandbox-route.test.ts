import { describe, expect, it } from "vitest";
import { fetchWorker, OPERATOR } from "./helpers.ts";

const run = (exec: string, body: string, token = OPERATOR) =>
  fetchWorker(`/_mobula/sandbox/run?exec=${encodeURIComponent(exec)}`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body });

describe("the operator's sandbox route", () => {
  it("runs an exec line over the request body", async () => {
    const res = await run("sort | uniq -c | sort -rn | head -n 1", "b\na\nb\nc\nb\n");
    expect(res.status).toBe(200);
    const out = (await res.json()) as { exitCode: number; stdout: string; wallMs: number };
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toBe("      3 b\n");
  });
  it("is for operators only", async () => {
    expect((await run("true", "", "wrong")).status).toBe(403);
  });
});
