/**
 * `ruby` on a server where no operator installed the runtime: the task gets a clear
 * message and status 127, like any missing program, and other programs are unaffected.
 * (With the runtime installed, test/e2e/ruby.test.ts drives it through real jobs.)
 */
import { describe, expect, it } from "vitest";
import { run } from "./helpers.ts";

describe("ruby without an installed runtime", () => {
  it("says how to install it and exits 127", async () => {
    const r = await run("ruby -e 'puts 1'; echo after $?");
    expect(r.stdout).toBe("after 127\n");
    expect(r.stderr).toBe("ruby: this server has no ruby runtime installed (an operator runs `mobula runtime install ruby`)\n");
    expect(r.result.exitCode).toBe(0);
  });
});
