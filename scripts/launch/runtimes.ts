// Step 4 of `npm start`: the language runtimes (ruby) go into the server's storage from
// node_modules, so `ruby -e …` works in the first job. A runtime the server already has (same
// bytes) is not sent again. Failing to install one is a warning: storage and every other
// program work without it.
import { installRuntime, packagedModule } from "../../cli/commands/runtime.ts";
import { runtimeSpec } from "../../sandbox/runtimes/catalog.ts";

export async function installRuntimes(names: string[], url: string, token: string): Promise<string[]> {
  const done: string[] = [];
  const target = { url: new URL(url), token, insecure: true };
  for (const name of names) {
    const spec = runtimeSpec(name)!;
    try {
      await installRuntime(target, spec, packagedModule(spec));
      done.push(name);
    } catch (err) {
      process.stderr.write(`mobula: warning: the ${name} runtime is not installed: ${(err as Error).message}\n`);
    }
  }
  return done;
}
