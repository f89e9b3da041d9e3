/**
 * The README's quick start, word for word, in a clean clone of this repository's HEAD, as on a
 * machine with Node 20 and nothing else (issue 12): the commands run under `sh` with a PATH
 * holding only node/npm/npx, git, ssh-keygen and a few shell basics — no clang, clang-14,
 * wasm-ld, gcc or gawk — and a fresh HOME. `npm install` (npm's cache, prefer-offline),
 * `npm start`, `ssh-keygen` + `npx mobula account add $USER --key ~/.ssh/id_ed25519.pub`, the
 * variables it prints, then `mput`/`mget` and a `wc -l` map job with the real Manta CLI (the
 * clone's `manta` devDependency on PATH, as `npm install -g manta` would put it).
 * The clone has no toolbox/dist: the job runs on the committed toolbox/wasm/ modules only.
 * The one liberty: PORT is a free port instead of 8080 (tests run side by side), so MANTA_URL
 * is set for `npx mobula` too.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./lib/ports.ts";
import { REPO_ROOT, run, type RunResult } from "./lib/process.ts";

const README = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
const quickStart = README.slice(README.indexOf("## Quick start"), README.indexOf("## Tests and benchmarks"));

/** The commands, as the README spells them (each is checked to be there, verbatim). */
const INSTALL = "npm install";
const START = "npm start";
const KEYGEN = 'mkdir -p -m 700 ~/.ssh && ssh-keygen -t ed25519 -f ~/.ssh/id_ed25519 -N ""';
const ACCOUNT_ADD = "npx mobula account add $USER --key ~/.ssh/id_ed25519.pub";
const PUT = 'echo "hello, world" | mput /$MANTA_USER/stor/hello.txt';
const GET = "mget /$MANTA_USER/stor/hello.txt";
const JOB_SETUP = [
  "mmkdir -p /$MANTA_USER/stor/logs",
  "printf 'ERROR disk full\\nINFO ok\\n' | mput /$MANTA_USER/stor/logs/a.log",
  "printf 'INFO fine\\nERROR net down\\nERROR again\\n' | mput /$MANTA_USER/stor/logs/b.log",
];
const WC_JOB = "mfind -t o /$MANTA_USER/stor/logs | mjob create -o -m 'wc -l'";

/** What the test runs on, and what a Node-only machine has: no compiler, no GNU awk. */
const TOOLS = ["node", "npm", "npx", "git", "sh", "env", "ssh-keygen", "cat", "ls", "mkdir", "rm", "cp", "mv", "uname"];
const ABSENT = ["clang", "clang-14", "wasm-ld", "wasm-ld-14", "lld", "gcc", "cc", "gawk", "make"];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mobula-quickstart-"));
const clone = path.join(tmp, "mobula");
const bin = path.join(tmp, "bin");
const home = path.join(tmp, "home");
let port = 0;
let env: NodeJS.ProcessEnv = {};
let server: ChildProcess | undefined;
const serverLog: string[] = [];

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
process.once("exit", () => server?.pid && killGroup(server.pid, "SIGKILL"));

/** Runs one README line under sh in the clone, as the user would type it. */
function sh(line: string, extra: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<RunResult> {
  return run("/bin/sh", ["-c", line], { cwd: clone, env: { ...env, ...extra }, timeoutMs });
}

const show = (r: RunResult) => `exit ${r.code}\n--- stdout\n${r.stdout.toString().slice(-4000)}\n--- stderr\n${r.stderr.slice(-4000)}`;

function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return undefined;
}

beforeAll(async () => {
  fs.mkdirSync(bin);
  fs.mkdirSync(home);
  for (const tool of TOOLS) {
    const target = which(tool);
    if (target) fs.symlinkSync(target, path.join(bin, tool));
  }
  port = await freePort();
  // npm's cache is the machine's (CI ran `npm ci` just before), so the install needs no network.
  const cache = execFileSync("npm", ["config", "get", "cache"], { encoding: "utf8" }).trim();
  env = {
    PATH: bin,
    HOME: home,
    USER: "quickstart",
    LANG: "C.UTF-8",
    TMPDIR: os.tmpdir(),
    PORT: String(port),
    npm_config_cache: cache,
    npm_config_prefer_offline: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
  };
});

afterAll(async () => {
  const proc = server;
  if (proc?.pid) {
    killGroup(proc.pid, "SIGTERM"); // npm, the launcher, wrangler and workerd share the group
    const exited = proc.exitCode !== null || proc.signalCode !== null ? Promise.resolve() : new Promise((r) => proc.once("exit", r));
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    killGroup(proc.pid, "SIGKILL");
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}, 30_000);

describe("the README quick start in a clean clone, without a C toolchain", () => {
  it("says exactly these commands", () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(quickStart)?.[1] ?? "";
    const commands = firstBlock.split("\n").map((l) => l.replace(/#.*$/, "").trim()).filter(Boolean);
    expect(commands).toEqual([INSTALL, START]);
    for (const line of [KEYGEN, ACCOUNT_ADD, PUT, GET]) expect(quickStart).toContain(line);
    for (const line of JOB_SETUP) expect(README).toContain(line);
    expect(README).toContain(WC_JOB.replace("'wc -l'", "'wc -w'")); // the README's word count; here counting lines
  });

  it("clones HEAD: committed toolbox modules, no built ones, and no compiler on PATH", async () => {
    const cloned = await run("git", ["clone", "--quiet", REPO_ROOT, clone], { cwd: tmp });
    expect(cloned.code, show(cloned)).toBe(0);
    expect(fs.existsSync(path.join(clone, "toolbox", "dist"))).toBe(false);
    expect(fs.existsSync(path.join(clone, "node_modules"))).toBe(false);
    expect(fs.readdirSync(path.join(clone, "toolbox", "wasm")).filter((f) => f.endsWith(".wasm")).length).toBeGreaterThan(10);
    for (const tool of ABSENT) {
      const r = await sh(`command -v ${tool}`);
      expect(r.code, `${tool} is on the quick start's PATH: ${r.stdout}`).not.toBe(0);
    }
  });

  it(`${INSTALL}`, async () => {
    const r = await sh(INSTALL, {}, 300_000);
    expect(r.code, show(r)).toBe(0);
    expect(fs.existsSync(path.join(clone, "node_modules", "wrangler"))).toBe(true);
  }, 320_000);

  it(`${START} serves on PORT with the committed toolbox`, async () => {
    const proc = spawn("/bin/sh", ["-c", START], { cwd: clone, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    server = proc;
    for (const stream of [proc.stdout, proc.stderr]) {
      stream.setEncoding("utf8");
      stream.on("data", (d: string) => {
        serverLog.push(...d.split("\n").filter(Boolean));
        if (serverLog.length > 300) serverLog.splice(0, serverLog.length - 300);
      });
    }
    const url = `http://localhost:${port}/_mobula/ping`;
    const deadline = Date.now() + 150_000;
    let ready = false;
    while (!ready && Date.now() < deadline && proc.exitCode === null && proc.signalCode === null) {
      ready = await fetch(url, { signal: AbortSignal.timeout(2000) })
        .then(async (res) => res.status === 200 && (await res.text()).trim() === "ok")
        .catch(() => false);
      if (!ready) await new Promise((r) => setTimeout(r, 300));
    }
    const log = serverLog.join("\n");
    expect(ready, `npm start did not serve ${url}:\n${log.slice(-6000)}`).toBe(true);
    expect(log).not.toMatch(/clang not found/);
    expect(fs.existsSync(path.join(clone, "toolbox", "dist"))).toBe(false);
    expect(fs.existsSync(path.join(clone, ".mobula"))).toBe(true); // state in ./.mobula/
  }, 170_000);

  it("registers the user with npx mobula and the Manta CLI stores and reads an object", async () => {
    const keygen = await sh(KEYGEN);
    expect(keygen.code, show(keygen)).toBe(0);
    // MANTA_URL: only because PORT is not 8080 here (the README's `npx mobula` section says so).
    const added = await sh(ACCOUNT_ADD, { MANTA_URL: `http://localhost:${port}` });
    expect(added.code, show(added)).toBe(0);
    // "It prints the three variables the Manta CLI needs; export them".
    const exported = Object.fromEntries(
      [...added.stdout.toString().matchAll(/^\s*export (MANTA_[A-Z_]+)=(\S+)$/gm)].map((m) => [m[1], m[2]]),
    );
    expect(exported).toEqual({ MANTA_URL: `http://localhost:${port}`, MANTA_USER: "quickstart", MANTA_KEY_ID: expect.stringMatching(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/) });
    env = { ...env, ...exported, PATH: `${bin}${path.delimiter}${path.join(clone, "node_modules", "manta", "bin")}` };

    const put = await sh(PUT);
    expect(put.code, show(put)).toBe(0);
    const got = await sh(GET);
    expect(got.code, show(got)).toBe(0);
    expect(got.stdout.toString()).toBe("hello, world\n");
  }, 120_000);

  it("runs a wc -l map job with mjob create on the committed toolbox", async () => {
    for (const line of JOB_SETUP) {
      const r = await sh(line);
      expect(r.code, `${line}\n${show(r)}`).toBe(0);
    }
    const job = await sh(WC_JOB, {}, 120_000);
    expect(job.code, `${show(job)}\n--- server\n${serverLog.slice(-40).join("\n")}`).toBe(0);
    expect(job.stdout.toString().trim().split("\n").sort()).toEqual(["2", "3"]);
  }, 150_000);
});
