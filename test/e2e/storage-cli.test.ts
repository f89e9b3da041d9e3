/**
 * The storage API through the real Manta CLI (npm `manta`), against a server
 * started as the README says. Every command the issue names, byte-identical
 * data, each error the CLI branches on, and restart persistence.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeUser, manta, serverForFile, type MantaEnv, type MobulaServer } from "./harness.ts";

let server: MobulaServer;
let alice: MantaEnv;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mobula-cli-"));

serverForFile(async (s) => {
  server = s;
  alice = await makeUser(server, "alice", "ed25519");
});

const ok = async (cmd: string, args: string[], input?: Buffer | string) => {
  const r = await manta(cmd, args, { env: alice, ...(input !== undefined ? { input } : {}) });
  expect(r.stderr, `${cmd} ${args.join(" ")}`).toBe("");
  expect(r.code).toBe(0);
  return r.stdout;
};

describe("objects and directories with the Manta CLI", () => {
  it("mput from stdin (chunked) and mget return the same bytes", async () => {
    const data = randomBytes(300_000);
    await ok("mput", ["/alice/stor/stdin.bin"], data);
    expect(Buffer.compare(await ok("mget", ["/alice/stor/stdin.bin"]), data)).toBe(0);
  });

  it("mput -f with content-length, then mls -l and minfo show it", async () => {
    const file = path.join(tmp, "words.txt");
    fs.writeFileSync(file, "alpha beta\ngamma\n");
    await ok("mput", ["-f", file, "/alice/stor/words.txt"]);
    const listing = (await ok("mls", ["-l", "/alice/stor"])).toString();
    expect(listing).toMatch(/-rwxr-xr-x 1 alice +17 .* words\.txt/);
    const info = (await ok("minfo", ["/alice/stor/words.txt"])).toString();
    expect(info).toContain("HTTP/1.1 200 OK");
    expect(info).toMatch(/content-type: text\/plain/);
    expect(info).toMatch(/durability-level: 2/);
  });

  it("mput -p creates the parents after DirectoryDoesNotExist, and mfind walks them", async () => {
    await ok("mput", ["-p", "/alice/stor/a/b/c/deep.txt"], "deep\n");
    const found = (await ok("mfind", ["/alice/stor/a"])).toString().trim().split("\n");
    expect(found).toEqual(["/alice/stor/a/b", "/alice/stor/a/b/c", "/alice/stor/a/b/c/deep.txt"]);
  });

  it("mput without -p into a missing directory fails with DirectoryDoesNotExistError", async () => {
    const r = await manta("mput", ["/alice/stor/nope/x"], { env: alice, input: "x" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("DirectoryDoesNotExistError: /alice/stor/nope does not exist");
  });

  it("mmkdir -p, mrmdir of a non-empty directory fails, mrm -r removes the tree", async () => {
    await ok("mmkdir", ["-p", "/alice/stor/t/u"]);
    await ok("mput", ["/alice/stor/t/u/f"], "f");
    const r = await manta("mrmdir", ["/alice/stor/t"], { env: alice });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("DirectoryNotEmptyError");
    await ok("mrm", ["-r", "/alice/stor/t"]);
    const gone = await manta("mls", ["/alice/stor/t"], { env: alice });
    expect(gone.stderr).toContain("ResourceNotFoundError: /alice/stor/t was not found");
  });

  it("mln makes a snaplink that survives the source's removal", async () => {
    await ok("mput", ["/alice/stor/src.txt"], "original\n");
    await ok("mln", ["/alice/stor/src.txt", "/alice/stor/link.txt"]);
    await ok("mrm", ["/alice/stor/src.txt"]);
    expect((await ok("mget", ["/alice/stor/link.txt"])).toString()).toBe("original\n");
  });

  it("mchattr replaces user metadata", async () => {
    await ok("mput", ["-H", "m-owner: first", "/alice/stor/meta.txt"], "m\n");
    await ok("mchattr", ["-H", "m-owner: second", "/alice/stor/meta.txt"]);
    expect((await ok("minfo", ["/alice/stor/meta.txt"])).toString()).toContain("m-owner: second");
  });

  it("msign URLs grant a GET without keys and expire", async () => {
    await ok("mput", ["/alice/stor/signed.txt"], "signed\n");
    const url = (await ok("msign", ["/alice/stor/signed.txt"])).toString().trim();
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("signed\n");
    const expired = (await ok("msign", ["-e", String(Math.floor(Date.now() / 1000) - 5), "/alice/stor/signed.txt"])).toString().trim();
    const denied = await fetch(expired);
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { code: string }).code).toBe("InvalidQueryStringAuthentication");
  });

  it("mput onto a directory and onto a root fail with the CLI's messages", async () => {
    await ok("mmkdir", ["/alice/stor/adir"]);
    const dir = await manta("mput", ["-f", path.join(tmp, "words.txt"), "/alice/stor/adir"], { env: alice });
    expect(dir.code).toBe(0); // node-manta appends the file's basename when the target is a directory
    expect((await ok("mls", ["/alice/stor/adir"])).toString()).toBe("words.txt\n");
    const root = await manta("mput", ["-f", path.join(tmp, "words.txt"), "/alice"], { env: alice });
    expect(root.code).toBe(1);
    // node-manta words OperationNotAllowedOnRootDirectoryError this way.
    expect(root.stderr).toContain("Cannot write to a directory");
  });

  it("mput with If-Match of a stale etag reports the precondition", async () => {
    await ok("mput", ["/alice/stor/cond.txt"], "v1\n");
    const r = await manta("mput", ["-H", "if-match: 00000000-0000-0000-0000-000000000000", "/alice/stor/cond.txt"], { env: alice, input: "v2\n" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("precondition");
    expect((await ok("mget", ["/alice/stor/cond.txt"])).toString()).toBe("v1\n");
  });

  it("/LOGIN/public objects are readable anonymously; /LOGIN/stor ones are not", async () => {
    await ok("mput", ["/alice/public/hello.txt"], "public\n");
    const pub = await fetch(`${server.url}/alice/public/hello.txt`);
    expect(pub.status).toBe(200);
    expect(pub.headers.get("access-control-allow-origin")).toBe("*");
    const priv = await fetch(`${server.url}/alice/stor/signed.txt`);
    expect(priv.status).toBe(403);
  });

  it("another account can neither list nor read alice's private objects", async () => {
    const eve = await makeUser(server, "eve", "rsa");
    const r = await manta("mget", ["/alice/stor/signed.txt"], { env: eve });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("AuthorizationFailed");
    const l = await manta("mls", ["/alice/stor"], { env: eve });
    expect(l.code).toBe(1);
  });

  it("mmpu: create, upload parts, commit — the object is the parts concatenated", async () => {
    const p0 = randomBytes(5 * 1024 * 1024);
    const p1 = randomBytes(1234);
    fs.writeFileSync(path.join(tmp, "p0"), p0);
    fs.writeFileSync(path.join(tmp, "p1"), p1);
    const id = (await ok("mmpu", ["create", "/alice/stor/mpu.bin"])).toString().trim();
    const e0 = (await ok("mmpu", ["upload", id, "0", "-f", path.join(tmp, "p0")])).toString().trim();
    const e1 = (await ok("mmpu", ["upload", id, "1", "-f", path.join(tmp, "p1")])).toString().trim();
    expect((await ok("mmpu", ["list"])).toString()).toContain(id);
    await ok("mmpu", ["commit", id, e0, e1]);
    expect(Buffer.compare(await ok("mget", ["/alice/stor/mpu.bin"]), Buffer.concat([p0, p1]))).toBe(0);
    const state = JSON.parse((await ok("mmpu", ["get", id])).toString()) as { state: string; result: string };
    expect(state).toMatchObject({ state: "done", result: "committed" });
  });

  it("mmpu abort, then commit is refused", async () => {
    const id = (await ok("mmpu", ["create", "/alice/stor/aborted.bin"])).toString().trim();
    await ok("mmpu", ["abort", id]);
    const r = await manta("mmpu", ["commit", id], { env: alice });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("already aborted");
  });

  it("ECDSA keys sign too", async () => {
    const ec = await makeUser(server, "ecuser", "ecdsa");
    await manta("mput", ["/ecuser/stor/e"], { env: ec, input: "ec\n" });
    const r = await manta("mget", ["/ecuser/stor/e"], { env: ec });
    expect(r.stdout.toString()).toBe("ec\n");
  });

  it("keeps everything across kill -9 and a restart", async () => {
    const data = randomBytes(100_000);
    await ok("mput", ["/alice/stor/durable.bin"], data);
    await server.kill9();
    await server.restart();
    expect(Buffer.compare(await ok("mget", ["/alice/stor/durable.bin"]), data)).toBe(0);
    expect((await ok("mget", ["/alice/stor/link.txt"])).toString()).toBe("original\n");
  });
});
