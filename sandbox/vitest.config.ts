// Stand-alone config for the sandbox's Workers tests against a minimal test
// Worker (sandbox/test-wrangler.toml), independent of the main Worker:
//   npx vitest run --config sandbox/vitest.config.ts
import { fileURLToPath } from "node:url";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here(".."),
  plugins: [cloudflareTest({ wrangler: { configPath: here("./test-wrangler.toml") } })],
  test: {
    include: ["test/sandbox/**/*.workers.test.ts"],
    globalSetup: [here("../test/sandbox/global-setup.ts")],
    testTimeout: 60_000,
  },
});
