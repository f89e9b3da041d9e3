/**
 * Races the issue names, run against the real server: one winner, no lost update, no orphan.
 * Each race is forced — requests are held mid-body so the interleaving under test really
 * happens — rather than left to scheduling luck.
 */
import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { serverForFile, type MobulaServer } from "./harness.ts";
import { makeSigner, type Signer } from "./lib/signer.ts";

let server: MobulaServer;
let signer: Signer;

serverForFile(async (s) => {
  server = s;
  signer = await makeSigner(server, "counter");
});

function signed(): Record<string, string> {
  const h: Record<string, string> = {};
  for (const line of signer.headers().split("\r\n").filter(Boolean)) {
    const i = line.indexOf(":");
    h[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  return h;
}

const md5 = (b: Buffer) => createHash("md5").update(b).digest("hex");

/** A signed PUT whose body the test feeds piece by piece (chunked), so it can hold a request mid-body. */
function streamingPut(url: string) {
  let ctl!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (ctl = c) });
  const response = fetch(url, { method: "PUT", headers: { ...signed(), "content-type": "application/octet-stream" }, body, duplex: "half" } as RequestInit);
  return { response, write: (b: Buffer) => ctl.enqueue(new Uint8Array(b)), end: () => ctl.close() };
}

describe("concurrent writers", () => {
  it("two PUTs to one name, both mid-body at once, leave exactly one complete object", async () => {
    const a = randomBytes(2_000_000);
    const b = randomBytes(2_000_000);
    const url = `${server.url}/counter/stor/race.bin`;
    // Both uploads are forced to be in flight together: half of each body is sent before either ends.
    const pa = streamingPut(url);
    const pb = streamingPut(url);
    pa.write(a.subarray(0, 1_000_000));
    pb.write(b.subarray(0, 1_000_000));
    await new Promise((r) => setTimeout(r, 300));
    pb.write(b.subarray(1_000_000));
    pb.end();
    pa.write(a.subarray(1_000_000));
    pa.end();
    const [ra, rb] = await Promise.all([pa.response, pb.response]);
    expect([ra.status, rb.status]).toEqual([204, 204]);
    const got = Buffer.from(await (await fetch(url, { headers: signed() })).arrayBuffer());
    expect([md5(a), md5(b)]).toContain(md5(got));
  });

  it("racing conditional PUTs (If-Match read-modify-write) lose no update", async () => {
    const url = `${server.url}/counter/stor/count`;
    const first = await fetch(url, { method: "PUT", headers: { ...signed(), "content-type": "text/plain" }, body: "0" });
    expect(first.status).toBe(204);
    const workers = 6;
    const increments = 5;
    let conflicts = 0;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let done = 0; done < increments; ) {
          const cur = await fetch(url, { headers: signed() });
          const etag = cur.headers.get("etag")!;
          const n = Number(await cur.text());
          const put = await fetch(url, { method: "PUT", headers: { ...signed(), "if-match": etag, "content-type": "text/plain" }, body: String(n + 1) });
          if (put.status === 204) done++;
          else if (put.status === 412) conflicts++;
          else throw new Error(`unexpected ${put.status} ${await put.text()}`);
        }
      }),
    );
    const final = await fetch(url, { headers: signed() });
    expect(Number(await final.text())).toBe(workers * increments);
    expect(conflicts).toBeGreaterThan(0); // the race really happened
  });

  it("an rmdir that lands while a PUT into that directory is mid-body wins, and the PUT commits nothing", async () => {
    const dir = `${server.url}/counter/stor/rr`;
    const mkdir = () => fetch(dir, { method: "PUT", headers: { ...signed(), "content-type": "application/json; type=directory" } });
    expect((await mkdir()).status).toBe(204);
    const put = streamingPut(`${dir}/obj`);
    put.write(Buffer.from("first half, "));
    await new Promise((r) => setTimeout(r, 300));
    // The directory is still empty (the object has no name until its body ends): rmdir succeeds.
    expect((await fetch(dir, { method: "DELETE", headers: signed() })).status).toBe(204);
    put.write(Buffer.from("second half"));
    put.end();
    const res = await put.response;
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: string }).code).toBe("DirectoryDoesNotExist");
    expect((await fetch(dir, { headers: signed() })).status).toBe(404);
  });

  it("an rmdir after a PUT into that directory committed fails, and the object stays listed", async () => {
    const dir = `${server.url}/counter/stor/rr2`;
    expect((await fetch(dir, { method: "PUT", headers: { ...signed(), "content-type": "application/json; type=directory" } })).status).toBe(204);
    expect((await fetch(`${dir}/obj`, { method: "PUT", headers: { ...signed(), "content-type": "text/plain" }, body: "payload" })).status).toBe(204);
    const rm = await fetch(dir, { method: "DELETE", headers: signed() });
    expect(rm.status).toBe(400);
    expect(((await rm.json()) as { code: string }).code).toBe("DirectoryNotEmpty");
    const listing = await (await fetch(dir, { headers: signed() })).text();
    expect(listing).toContain('"name":"obj"');
  });
});
