/**
 * Ruby as a job's language (issue 10 item 5), through the real `mjob` against a server
 * started as the README says (`npm start` installs the runtime from node_modules): one-liners
 * as map and reduce phases with -n/-a/-l, BEGIN/END, the standard library, a script from the
 * job's assets, and failures reported like any program's.
 */
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { makeUser, manta, mobula, serverForFile, type MantaEnv, type MobulaServer } from "./harness.ts";

let server: MobulaServer;
let alice: MantaEnv;

serverForFile(async (s) => {
  server = s;
  alice = await makeUser(server, "alice", "ed25519");
  await manta("mmkdir", ["-p", "/alice/stor/logs"], { env: alice });
  const logs = [
    '{"status":200,"ms":12}\n{"status":404,"ms":3}\n{"status":200,"ms":30}\n',
    '{"status":500,"ms":250}\n{"status":200,"ms":8}\n',
  ];
  for (const [i, text] of logs.entries()) {
    await manta("mput", [`/alice/stor/logs/web-${i}.json`], { env: alice, input: text });
    await manta("mput", [`/alice/stor/logs/web-${i}.json.gz`], { env: alice, input: gzipSync(text) });
  }
});

async function mjob(args: string[], input: string) {
  const r = await manta("mjob", args, { env: alice, input, timeoutMs: 180_000 });
  return { code: r.code, out: r.stdout.toString(), err: r.stderr.toString() };
}

const BOTH = "/alice/stor/logs/web-0.json\n/alice/stor/logs/web-1.json\n";

describe("ruby in jobs", () => {
  it("is installed by npm start", async () => {
    const r = await mobula(server, ["runtime", "list"]);
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toMatch(/^ruby\s+30\.\d MB\s+[0-9a-f]{16}$/m);
  });

  it("runs a one-liner with the standard library as the map phase, and another as the reduce (README example)", async () => {
    const map = `zcat | ruby -rjson -ne 'puts JSON.parse($_)["status"]'`;
    const reduce = `ruby -lne 'BEGIN { n = Hash.new(0) }; n[$_] += 1; END { n.sort.each { |k, v| puts "#{k} #{v}" } }'`;
    const r = await mjob(["create", "-o", "-m", map, "-r", reduce], BOTH.replaceAll(".json\n", ".json.gz\n"));
    expect(r.err).not.toMatch(/error/i);
    expect(r.out).toBe("200 3\n404 1\n500 1\n");
  });

  it("splits fields with -a and -F, and reads $MANTA_INPUT_FILE like any program", async () => {
    const r = await mjob(["create", "-o", "-m", `ruby -F'"ms":' -lane 'print $F[1].to_i' | ruby -e 'p ARGF.each_line.sum(&:to_i), File.size(ENV["MANTA_INPUT_FILE"])'`], "/alice/stor/logs/web-1.json\n");
    expect(r.out).toBe("258\n46\n");
  });

  it("runs a script from the job's assets with its arguments", async () => {
    const script = 'total = STDIN.each_line.count\nputs "#{ARGV.join(",")}: #{total} lines in #{$0}"\n';
    await manta("mput", ["/alice/stor/count.rb"], { env: alice, input: script });
    const r = await mjob(["create", "-o", "-s", "/alice/stor/count.rb", "-m", "ruby /assets/alice/stor/count.rb a b"], "/alice/stor/logs/web-0.json\n");
    expect(r.out).toBe("a,b: 3 lines in /assets/alice/stor/count.rb\n");
  });

  it("reports an exception as the task's error, with Ruby's message on stderr", async () => {
    const r = await mjob(["create", "-w", "-m", `ruby -e 'def check = raise(ArgumentError, "bad input"); check'`], "/alice/stor/logs/web-0.json\n");
    expect(r.code).toBe(1);
    const id = /job ([0-9a-f-]{36})/.exec(r.err)![1]!;
    const errs = (await manta("mjob", ["errors", id], { env: alice })).stdout.toString();
    expect(errs).toContain("user command exited with code 1");
    const stderrObject = /"stderr":"([^"]+)"/.exec(errs)![1]!;
    const text = (await manta("mget", [stderrObject], { env: alice })).stdout.toString();
    expect(text).toBe("-e:1:in 'Object#check': bad input (ArgumentError)\n\tfrom -e:1:in '<main>'\n");
  });

  it("exits with the status the program gives, and runs at_exit blocks first", async () => {
    const r = await mjob(["create", "-o", "-m", `ruby -e 'at_exit { puts "bye" }; puts "hi"; exit 0'; ruby -e 'exit 7'; echo "status $?"`], "/alice/stor/logs/web-0.json\n");
    expect(r.out).toBe("hi\nbye\nstatus 7\n");
  });

  it("is killed at the task's CPU limit when it spins, like any program", async () => {
    const r = await mjob(["create", "-w", "-m", "ruby -e 'loop {}'"], "/alice/stor/logs/web-0.json\n");
    expect(r.code).toBe(1);
    const id = /job ([0-9a-f-]{36})/.exec(r.err)![1]!;
    const errs = (await manta("mjob", ["errors", id], { env: alice })).stdout.toString();
    expect(errs).toContain("TaskKilledError");
    expect(errs).toContain("CPU limit exceeded");
  });
});
