import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser, manta, mobula, startMobula, type MobulaServer } from "./harness.ts";

let server: MobulaServer;
beforeAll(async () => {
  server = await startMobula();
});
afterAll(async () => {
  await server?.stop();
});

describe("the e2e harness", () => {
  it("starts Mobula with `node scripts/start.mjs`, reachable through the edge", async () => {
    const res = await fetch(`${server.url}/_mobula/ping`);
    expect(res.status).toBe(200);
    expect((await res.text()).trim()).toBe("ok");
    expect(server.logs()).toContain(`Mobula is serving the Manta API on http://localhost:${server.port}`);
  });

  it("creates the state folder with a private operator token", () => {
    const token = path.join(server.stateDir, "operator-token");
    expect(fs.statSync(token).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(token, "utf8").trim()).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(fs.statSync(path.join(server.stateDir, "wrangler")).isDirectory()).toBe(true);
  });

  it("registers a user through the Mobula CLI whose key the Manta CLI signs with", async () => {
    const alice = await makeUser(server, "alice", "ed25519");
    expect(alice.MANTA_KEY_ID).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    const top = await manta("mls", ["/alice"], { env: alice });
    expect(top.stderr).toBe("");
    expect(top.code).toBe(0);
    expect(top.stdout.toString().split("\n")).toEqual(expect.arrayContaining(["public/", "stor/"]));
    const stor = await manta("mls", [], { env: alice });
    expect(stor).toMatchObject({ code: 0, stderr: "" });
    expect(stor.stdout.toString()).toBe("");
  });

  it("makes RSA and ECDSA users too", async () => {
    for (const [login, type] of [["rsauser", "rsa"], ["ecuser", "ecdsa"]] as const) {
      const user = await makeUser(server, login, type);
      const res = await manta("mls", [`/${login}`], { env: user });
      expect(res.stderr).toBe("");
      expect(res.stdout.toString()).toContain("stor/");
    }
  });

  it("keeps the state folder and the token across restart()", async () => {
    const token = fs.readFileSync(path.join(server.stateDir, "operator-token"), "utf8");
    const bob = await makeUser(server, "bob", "ed25519");
    const put = await manta("mput", ["/bob/stor/kept.txt"], { env: bob, input: "still here\n" });
    expect(put).toMatchObject({ code: 0, stderr: "" });

    await server.restart();
    expect(fs.readFileSync(path.join(server.stateDir, "operator-token"), "utf8")).toBe(token);
    const list = await mobula(server, ["account", "list", "--json"]);
    expect(list.code).toBe(0);
    const logins = (JSON.parse(list.stdout.toString()) as { accounts: { login: string }[] }).accounts.map((a) => a.login);
    expect(logins).toContain("bob");
    const get = await manta("mget", ["/bob/stor/kept.txt"], { env: bob });
    expect(get.stdout.toString()).toBe("still here\n");
  });

  it("kill9() takes the whole server down at once, and it comes back with its data", async () => {
    await server.kill9();
    await expect(fetch(`${server.url}/_mobula/ping`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    await server.restart();
    const list = await mobula(server, ["account", "list"]);
    expect(list.stdout.toString()).toMatch(/^bob\s+ssh-ed25519\s/m);
  });
});
