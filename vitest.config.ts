import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Three kinds of tests: platform-free units in Node, Worker/DO tests inside workerd,
// and end-to-end tests that start the real server and drive the real Manta CLI.
export default defineConfig({
  test: {
    // The Worker's one-JSON-line-per-request access log is noise in test output.
    onConsoleLog: (log: string) => !log.startsWith('{"name":"mobula"'),
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/core/**/*.test.ts", "test/auth/**/*.test.ts", "test/edge/**/*.test.ts", "test/sandbox/**/*.test.ts", "test/cli/**/*.test.ts"],
          exclude: ["**/*.workers.test.ts", "**/node_modules/**"],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: "toolbox",
          include: ["test/toolbox/**/*.test.ts"],
          testTimeout: 60_000,
          // The harness collects dead wasm instances (see harness.ts): without it a fork running
          // hundreds of them exited unexpectedly in about half the runs.
          execArgv: ["--expose-gc"],
        },
      },
      {
        // TASK_CPU_SECONDS: a runaway task dies in ~1 s of CPU instead of the default 30 (test/workers/jobs-limits.test.ts).
        plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.toml" }, miniflare: { bindings: { OPERATOR_TOKEN: "test-operator-token", KEY_CACHE_TTL_MS: "1000", TASK_CPU_SECONDS: "1" } } })],
        test: {
          name: "workers",
          include: ["test/workers/**/*.test.ts", "test/durable-objects/**/*.test.ts", "test/sandbox/**/*.workers.test.ts"],
          // Builds the guest runtime, the instrumented toolbox and the C test programs the tests import.
          globalSetup: ["test/sandbox/global-setup.ts"],
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
