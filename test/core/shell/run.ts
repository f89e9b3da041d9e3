// Runs a command line through runShell with a FakeHost and collects its output.
import { runShell } from "../../../core/shell/index.ts";
import { FakeHost, MemorySink, memorySource, type Outcome } from "./fake-host.ts";

export async function sh(line: string, options: { stdin?: string; env?: Record<string, string>; host?: FakeHost; cwd?: string } = {}): Promise<Outcome> {
  const stdout = new MemorySink();
  const stderr = new MemorySink();
  const status = await runShell(line, {
    env: options.env ?? { HOME: "/home/u", PATH: "/bin" },
    host: options.host ?? new FakeHost(),
    io: { stdin: memorySource(options.stdin ?? ""), stdout, stderr },
    cwd: options.cwd,
  });
  return { status, stdout: stdout.text, stderr: stderr.text };
}
