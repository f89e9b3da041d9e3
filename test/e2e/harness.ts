// End-to-end harness: start Mobula the way a user does, make users with real SSH keys
// through the real Mobula CLI, and drive the real Manta CLI. One server per test file:
//
//   const server = await startMobula();          // node scripts/start.mjs, PORT/MOBULA_STATE
//   const alice = await makeUser(server, "alice", "ed25519");
//   const { code, stdout } = await manta("mls", ["/alice"], { env: alice });
//   await server.stop();                          // or kill9() / restart()
export { startMobula, type MobulaServer } from "./lib/server.ts";
export { serverForFile } from "./lib/per-file.ts";
export { makeUser, mobula, type KeyType, type MantaEnv } from "./lib/users.ts";
export { manta, type MantaOptions } from "./lib/manta.ts";
export { run, REPO_ROOT, type RunResult } from "./lib/process.ts";
