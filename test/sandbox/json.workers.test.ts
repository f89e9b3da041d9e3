// `json` inside the real sandbox: the native program reached through the shell, in pipelines
// with the toolbox (zcat | json -ga status | sort | uniq -c, the shape of a Manta map phase
// over gzipped logs), reading -f files, editing in place, and failing the way json fails.
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { run, streamOf } from "./helpers.ts";

const STATUSES = [200, 200, 404, 200, 500, 200, 404];
const lines = Array.from({ length: 7_000 }, (_, i) => JSON.stringify({ id: i, status: STATUSES[i % 7], req: { method: i % 2 ? "GET" : "PUT", url: `/obj/${i}` }, ms: i % 13 })).join("\n") + "\n";

describe("json in the sandbox", () => {
  it("counts statuses of gzipped JSON lines: zcat | json -ga status | sort | uniq -c", async () => {
    const r = await run("zcat | json -ga status | sort | uniq -c", { stdin: streamOf(gzipSync(lines)) });
    expect(r.result.exitCode).toBe(0);
    expect(r.stdout.split("\n").map((l) => l.trim()).filter(Boolean)).toEqual(["4000 200", "2000 404", "1000 500"]);
  });

  it("filters with -c and prints a table with -a, the snippet evaluated inside the sandbox", async () => {
    const r = await run(`json -ga -c 'this.status >= 500 && req.method === "GET"' -d , id req.url | head -n 2`, { stdin: streamOf(lines) });
    expect(r.stdout).toBe("11,/obj/11\n25,/obj/25\n");
    const e = await run(`json -ga -e 'this.slow = this.ms > 11' -c slow id | wc -l`, { stdin: streamOf(lines) });
    expect(e.stdout.trim()).toBe(String(Math.floor(7_000 / 13)));
  });

  it("pretty-prints, looks up and edits -f files, and -I rewrites one in place", async () => {
    const r = await run(`echo '{"a":{"b.c":[1,2]},"n":"x"}' > /tmp/d.json; json -f /tmp/d.json 'a["b.c"].1' n; json -I -f /tmp/d.json -e 'this.n = n.toUpperCase()' 2>&1; json -f /tmp/d.json -o json-0`);
    expect(r.stdout).toBe('2\nx\njson: updated "/tmp/d.json" in-place\n{"a":{"b.c":[1,2]},"n":"X"}\n');
  });

  it("strips HTTP headers with -H and fails like json on invalid input", async () => {
    const h = await run("json -H ok", { stdin: streamOf('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{"ok":true}\n') });
    expect(h.stdout).toBe("true\n");
    const bad = await run("json 2>&1; echo status $?", { stdin: streamOf('{"a":1,}\n') });
    expect(bad.stdout).toBe('json: error: input is not JSON: Bad string at line 1, column 8:\n        {"a":1,}\n        .......^\n{"a":1,}\nstatus 1\n');
    const unsupported = await run("json -e 'while (1) {}' 2>&1; echo status $?", { stdin: streamOf("{}\n") });
    expect(unsupported.stdout).toMatch(/^json: error: unsupported expression "while \(1\) \{\}": .*\nstatus 1\n$/);
  });

  it("-i prints with the runtime's util.inspect, and a missing -f file is an error", async () => {
    const r = await run("json -i", { stdin: streamOf('{"a":[1,{"b":"c"}]}') });
    expect(r.stdout).toBe("{ a: [ 1, { b: 'c' } ] }\n");
    const m = await run("json -f /tmp/nope 2>&1; echo status $?");
    expect(m.stdout).toMatch(/^json: error: could not read "\/tmp\/nope": .*\nstatus 1\n$/);
  });

  it("holds a whole input only within the task's memory budget; -ga streams past it", async () => {
    const whole = await run("json -g -j0 | wc -c", { stdin: streamOf(lines) });
    expect(whole.stdout.trim()).toBe(String(lines.length + 2)); // newlines become commas, plus [ ] and a newline
    const small = await run("json -g -j0 | wc -c", { stdin: streamOf(lines), limits: { memoryMiB: 1 } as never });
    expect(small.result.error).toEqual({ code: "TaskKilledError", message: "memory limit exceeded (1 MiB)" });
    // Alone in the task: a wasm stage such as tail would take most of 1 MiB by itself.
    const streamed = await run("json -ga id", { stdin: streamOf(lines), limits: { memoryMiB: 1 } as never });
    expect(streamed.result.error).toBeUndefined();
    expect(streamed.stdout.endsWith("\n6998\n6999\n")).toBe(true);
  });
});
