/**
 * The Manta tools inside a job's tasks (issue 8 item 4), through the real `mjob`
 * against a server started as the README says: they act as the job's owner —
 * they read and write the owner's objects and public ones, and nothing else.
 */
import { describe, expect, it } from "vitest";
import { makeUser, manta, serverForFile, type MantaEnv, type MobulaServer } from "./harness.ts";

let server: MobulaServer;
let alice: MantaEnv;
let bob: MantaEnv;

serverForFile(async (s) => {
  server = s;
  alice = await makeUser(server, "alice", "ed25519");
  bob = await makeUser(server, "bob", "ed25519");
  await manta("mmkdir", ["-p", "/alice/stor/logs"], { env: alice });
  await manta("mput", ["/alice/stor/logs/big.log"], { env: alice, input: "ERROR a\nINFO b\nERROR c\n" });
  await manta("mput", ["/alice/stor/notes.txt"], { env: alice, input: "alice's notes\n" });
  await manta("mput", ["/bob/stor/secret.txt"], { env: bob, input: "bob's secret\n" });
  await manta("mput", ["/bob/public/hello.txt"], { env: bob, input: "hello from bob\n" });
});

/** Runs a one-task map job over big.log; resolves with its output (or the error stream's text). */
async function mapJob(exec: string): Promise<{ code: number; out: string; err: string }> {
  const r = await manta("mjob", ["create", "-o", "-m", exec], { env: alice, input: "/alice/stor/logs/big.log\n", timeoutMs: 120_000 });
  return { code: r.code, out: r.stdout.toString(), err: r.stderr.toString() };
}

async function mget(path: string, env: MantaEnv = alice) {
  return manta("mget", [path], { env });
}

describe("Manta tools inside a task", () => {
  it("mput writes the owner's object from a pipeline, with -p making its parents", async () => {
    const r = await mapJob("grep ERROR $MANTA_INPUT_FILE | mput -p ~~/stor/results/errors.txt && echo stored");
    expect(r.out).toBe("stored\n");
    expect((await mget("/alice/stor/results/errors.txt")).stdout.toString()).toBe("ERROR a\nERROR c\n");
    // The task's write is in the access log like any request (lines are batched, ≤ 500 ms late).
    await new Promise((r) => setTimeout(r, 1_000));
    expect(server.logs()).toContain('"account":"alice","method":"PUT","path":"/alice/stor/results/errors.txt","status":204');
  });

  it("mget, mls, minfo, mfind and mln see the owner's namespace", async () => {
    const r = await mapJob(
      "mget ~~/stor/notes.txt; mls ~~/stor/logs; minfo ~~/stor/notes.txt | grep -c etag; mln ~~/stor/notes.txt ~~/stor/notes-link; mfind -t o -n 'notes' ~~/stor",
    );
    expect(r.code).toBe(0);
    expect(r.out).toBe("alice's notes\nbig.log\n1\n/alice/stor/notes-link\n/alice/stor/notes.txt\n");
    expect((await mget("/alice/stor/notes-link")).stdout.toString()).toBe("alice's notes\n");
  });

  it("mmkdir and mrm -r change the owner's tree", async () => {
    const made = await mapJob("mmkdir -p ~~/stor/tmp/a/b && echo x | mput ~~/stor/tmp/a/b/c && echo made");
    expect(made.out).toBe("made\n");
    expect((await mget("/alice/stor/tmp/a/b/c")).stdout.toString()).toBe("x\n");
    const removed = await mapJob("mrm ~~/stor/tmp 2>&1; mrm -r ~~/stor/tmp && echo removed");
    expect(removed.out).toMatch(/^mrm: DirectoryNotEmptyError: .*\nremoved\n$/);
    const gone = await manta("mls", ["/alice/stor/tmp"], { env: alice });
    expect(gone.code).not.toBe(0);
    expect(gone.stderr.toString()).toMatch(/NotFound/);
  });

  it("reads another account's public objects but not its private ones, and writes none of its names", async () => {
    const pub = await mapJob("mget /bob/public/hello.txt");
    expect(pub.out).toBe("hello from bob\n");
    const denied = /^m\w+: AuthorizationFailedError: alice is not allowed to access \/bob\/stor\/secret\.txt\nrefused\n$/;
    const priv = await mapJob("mget /bob/stor/secret.txt 2>&1 || echo refused");
    expect(priv.out).toMatch(denied);
    const write = await mapJob("echo owned | mput /bob/stor/secret.txt 2>&1 || echo refused");
    expect(write.out).toMatch(denied);
    const link = await mapJob("mln /bob/stor/secret.txt ~~/stor/stolen 2>&1 || echo refused");
    expect(link.out).toMatch(denied);
    expect((await mget("/bob/stor/secret.txt", bob)).stdout.toString()).toBe("bob's secret\n");
    expect((await manta("mls", ["/alice/stor/stolen"], { env: alice })).code).not.toBe(0);
  });

  it("prints node-manta's error line and a usage on bad arguments", async () => {
    const r = await mapJob("mget ~~/stor/nope 2>&1; mput 2>&1; mls --help | head -1; echo x | mput -H 'bad name: 1' ~~/stor/h 2>&1; echo status $?");
    expect(r.out).toContain("mget: ResourceNotFoundError: /alice/stor/nope was not found\n");
    expect(r.out).toContain("mput: exactly one PATH is required\nusage: mput ");
    expect(r.out).toContain("usage: mls [-l]");
    expect(r.out).toContain('mput: InvalidHeaderError: not a valid HTTP header: "bad name"\nstatus 1\n');
  });
});
