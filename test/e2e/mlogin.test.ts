/**
 * mlogin through the real client (manta 5.4.2 bin/mlogin) on a pseudo-terminal: keys typed,
 * the screen read. Plus the attach routes' refusals, by hand-signed upgrade requests.
 */
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { holdKey, type KeyHolder } from "./lib/keyholder.ts";
import { Terminal } from "./lib/terminal.ts";
import { makeUser, manta, REPO_ROOT, startMobula, type MantaEnv, type MobulaServer } from "./harness.ts";

let server: MobulaServer;
let alice: MantaEnv;
let aliceKey: KeyHolder;
let mallory: KeyHolder;

const MLOGIN = path.join(REPO_ROOT, "node_modules", "manta", "bin", "mlogin");
const PROMPT = "alice@manta # ";
// ~0.7 MB of output: many WebSocket messages, none of them fragmented (watershed closes on a fragment).
const BIG = Array.from({ length: 30_000 }, (_, i) => `line ${String(i).padStart(6, "0")} abcdefghij`).join("\n") + "\n";
const LINES = Array.from({ length: 1234 }, (_, i) => `line ${i}`).join("\n") + "\n";

beforeAll(async () => {
  server = await startMobula();
  alice = await makeUser(server, "alice", "ed25519");
  aliceKey = await holdKey(server, "alice", true);
  mallory = await holdKey(server, "mallory");
  await manta("mput", ["/alice/stor/lines.txt"], { env: alice, input: LINES });
  await manta("mput", ["/alice/stor/big.txt"], { env: alice, input: BIG });
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

function mlogin(args: string[]): Terminal {
  return new Terminal(process.execPath, [MLOGIN, ...args], alice);
}

async function jobOf(t: Terminal): Promise<string> {
  const m = /created interactive job -- ([0-9a-f-]{36})/.exec(await t.waitFor(/created interactive job -- [0-9a-f-]{36}/, 60_000));
  return m![1]!;
}

async function jobJson(id: string): Promise<{ state: string; cancelled: boolean; name: string }> {
  for (let i = 0; ; i++) {
    const job = JSON.parse((await manta("mjob", ["get", id], { env: alice })).stdout.toString());
    if (job.state === "done" || i > 40) return job;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A WebSocket upgrade as mlogin sends it (no Sec-WebSocket-Version); resolves with the status. */
function attach(urlPath: string, headers: Record<string, string>, upgrade = true): Promise<{ status: number; body: string; close(): void }> {
  const url = new URL(urlPath, server.url);
  const up = upgrade ? { connection: "upgrade", upgrade: "websocket", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==" } : {};
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "GET", headers: { ...up, ...headers } });
    req.on("upgrade", (res, socket) => resolve({ status: res.statusCode ?? 0, body: "", close: () => socket.destroy() }));
    req.on("response", (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, close: () => {} }));
    });
    req.on("error", reject);
    req.end();
  });
}

function signed(key: KeyHolder): Record<string, string> {
  const date = new Date().toUTCString();
  return { date, authorization: key.authorization({ date }) };
}

describe("mlogin", () => {
  it("logs in on an object: $MANTA_INPUT_FILE, the toolbox, cd/pwd/export, /tmp, and exit", async () => {
    const t = mlogin(["/alice/stor/lines.txt"]);
    const id = await jobOf(t);
    await t.waitFor(PROMPT, 60_000);
    t.type("wc -l $MANTA_INPUT_FILE\r");
    expect(await t.waitFor(PROMPT)).toContain("1234 /manta/alice/stor/lines.txt");
    t.type("export X=42; cd /tmp; pwd; echo $X $COLUMNS $LINES; echo saved > /tmp/f; head -n 1 f\r");
    const out = await t.waitFor(PROMPT);
    expect(out).toContain("/tmp\n42 80 24\nsaved\n");
    // The done-when's last step: a result written with mput, as the session's owner.
    t.type("grep -c 'line 1' $MANTA_INPUT_FILE | mput ~~/stor/count.txt && mls ~~/stor | grep count\r");
    expect(await t.waitFor(PROMPT)).toContain("count.txt\n");
    // The session has the installed language runtimes too.
    t.type("ruby -e 'puts File.foreach(ENV[\"MANTA_INPUT_FILE\"]).count * 2'\r");
    expect(await t.waitFor(PROMPT, 60_000)).toContain("2468\n");
    t.type("exit\r");
    await t.waitFor("remote process exited");
    expect(await t.exited).toBe(0);
    const job = await jobJson(id);
    expect(job).toMatchObject({ name: "interactive compute job", state: "done", cancelled: false });
    expect((await manta("mget", ["/alice/stor/count.txt"], { env: alice })).stdout.toString()).toBe("345\n");
  }, 180_000);

  it("Ctrl-C interrupts a cat waiting for input and an infinite loop; Ctrl-D at the prompt ends the session", async () => {
    const t = mlogin(["/alice/stor/lines.txt"]);
    await t.waitFor(PROMPT, 60_000);
    t.type("cat\r");
    await t.waitFor("cat\n");
    t.type("typed\r");
    await t.waitFor("typed\ntyped\n"); // the echo, then cat's own line at once (a tty is line-buffered)
    t.type("\x03");
    await t.waitFor(`^C\n${PROMPT}`, 5_000);
    // A spinning line (a builtin loop, then a WASI program) leaves the API serving, and Ctrl-C stops it.
    for (const spin of ["while true; do :; done", "yes > /dev/null"]) {
      t.type(`${spin}\r`);
      await t.waitFor(`${spin}\n`);
      const ls = await manta("mls", ["/alice/stor"], { env: alice, timeoutMs: 30_000 });
      expect(ls.stdout.toString()).toContain("lines.txt");
      t.type("\x03");
      await t.waitFor(`^C\n${PROMPT}`, 5_000);
    }
    t.type("echo status $?\r");
    expect(await t.waitFor(PROMPT)).toContain("status 130");
    // Editing: backspace, Ctrl-U and Ctrl-W never reach the shell.
    t.type("echo nope\x15echo one twx\x7fo thre\x17three\r");
    expect(await t.waitFor(PROMPT)).toContain("one two three\n");
    t.type("\x04");
    await t.waitFor("remote process exited");
    expect(await t.exited).toBe(0);
  }, 180_000);

  it("~. ends the session and cancels the job", async () => {
    const t = mlogin(["/alice/stor/lines.txt"]);
    const id = await jobOf(t);
    await t.waitFor(PROMPT, 60_000);
    t.type("\r~.");
    await t.waitFor("cleaning up resources");
    expect(await t.exited).toBe(0);
    expect(await jobJson(id)).toMatchObject({ state: "done", cancelled: true });
  }, 180_000);

  it("mlogin -c runs one command and exits with its outcome; a reduce session has no input", async () => {
    const ok = mlogin(["-c", "wc -c $MANTA_INPUT_FILE", "/alice/stor/lines.txt"]);
    await ok.waitFor("remote process exited", 60_000);
    expect(ok.screen).toContain(`${Buffer.byteLength(LINES)} /manta/alice/stor/lines.txt`);
    expect(await ok.exited).toBe(0);

    const big = mlogin(["-c", "cat $MANTA_INPUT_FILE", "/alice/stor/big.txt"]);
    await big.waitFor("remote process exited", 60_000);
    expect(big.screen).toContain(BIG);
    expect(await big.exited).toBe(0);

    const withAsset = mlogin(["--memory", "512", "-s", "/alice/stor/lines.txt", "-c", "wc -l /assets/alice/stor/lines.txt"]);
    const id = await jobOf(withAsset);
    await withAsset.waitFor("remote process exited", 60_000);
    expect(withAsset.screen).toContain("1234 /assets/alice/stor/lines.txt");
    expect(await withAsset.exited).toBe(0);
    const job = JSON.parse((await manta("mjob", ["get", id], { env: alice })).stdout.toString());
    expect(job.phases[0]).toMatchObject({ type: "reduce", memory: 512 });

    const failed = mlogin(["-c", "echo in a reduce task; exit 3"]);
    await failed.waitFor("remote error: command exited with status 3", 60_000);
    expect(failed.screen).toContain("in a reduce task");
    expect(await failed.exited).toBe(1);
  }, 180_000);

  it("refuses a second master, another account, a signed slave and a plain GET", async () => {
    const t = mlogin(["/alice/stor/lines.txt"]);
    const id = await jobOf(t);
    await t.waitFor(PROMPT, 60_000);
    const base = `/alice/medusa/attach/${id}`;

    const second = await attach(`${base}/master`, signed(aliceKey));
    expect(second.status).toBe(409);
    expect(JSON.parse(second.body)).toMatchObject({ code: "InvalidJobState" });

    const other = await attach(`${base}/slave`, signed(mallory));
    expect(other.status).toBe(403);
    const otherMaster = await attach(`${base}/master`, signed(mallory));
    expect(otherMaster.status).toBe(403);

    const signedSlave = await attach(`${base}/slave`, signed(aliceKey));
    expect(signedSlave.status).toBe(403);

    const plain = await attach(`${base}/master`, signed(aliceKey), false);
    expect(plain.status).toBe(400);
    expect(JSON.parse(plain.body)).toMatchObject({ code: "ExpectedUpgrade" });

    t.type("exit\r");
    expect(await t.exited).toBe(0);
    const done = await attach(`${base}/master`, signed(aliceKey));
    expect(done.status).toBe(409);
  }, 180_000);
});
