// One server per test file, started before its tests and stopped after them; `setup` makes
// the file's users (or signers) once the server answers.
import { afterAll, beforeAll } from "vitest";
import { startMobula, type MobulaServer } from "./server.ts";

export function serverForFile(setup: (server: MobulaServer) => Promise<void>, opts?: Parameters<typeof startMobula>[0]): void {
  let server: MobulaServer | undefined;
  beforeAll(async () => {
    server = await startMobula(opts);
    await setup(server);
  });
  afterAll(async () => {
    await server?.stop();
  });
}
