import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Three kinds of tests: platform-free units in Node, Worker/DO tests inside workerd,
// and end-to-end tests that start the real server and drive the real Manta CLI.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/core/**/*.test.ts", "test/toolbox/**/*.test.ts", "test/edge/**/*.test.ts", "test/sandbox/**/*.test.ts", "test/cli/**/*.test.ts"],
          exclude: ["**/*.workers.test.ts", "**/node_modules/**"],
          testTimeout: 60_000,
        },
      },
      {
        plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.toml" }, miniflare: { bindings: { OPERATOR_TOKEN: "test-operator-token" } } })],
        test: {
          name: "workers",
          // The Worker's one-JSON-line-per-request access log is noise in test output.
          onConsoleLog: (log) => !log.startsWith('{"name":"mobula"'),
          include: ["test/workers/**/*.test.ts", "test/durable-objects/**/*.test.ts", "test/sandbox/**/*.workers.test.ts"],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
