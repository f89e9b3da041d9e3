// `ruby`: CRuby (ruby.wasm's WASI build, with its standard library) as a program of the
// sandbox. The runtime is large, so it is not in the toolbox: an operator installs it into
// storage (`mobula runtime install ruby`; `npm start` does it), the host loads it, instrumented
// and cached, into the task's isolate as "runtime:ruby" (sandbox/runtimes/), and this program
// boots it with the task's files, streams, fuel and memory like any other program.
// Steps: read the switches (options.ts) -> the program text (-e, a file, or stdin) -> the
// driver that runs it (driver.ts) -> boot the VM and evaluate the driver (vm.ts).
import type { ByteSource } from "../../../../core/shell/index.ts";
import type { Tool, ToolRun } from "../tool.ts";
import { rubyDriver } from "./driver.ts";
import { parseRubyCommand, type RubyCommand } from "./options.ts";
import { bootAndEval, rubyImports } from "./vm.ts";

export const RUBY_RUNTIME = "runtime:ruby";
/** A program file larger than this is not a script anyone meant to run. */
const MAX_SCRIPT_BYTES = 16 * 1024 * 1024;

const HELP = `  -e 'command'    one line of program (several -e's allowed; omit the program file)
  -n              assume 'while gets(); ... end' loop around the program
  -p              assume loop like -n but print line also, like sed
  -l              chomp each line read (with -n/-p) and end each print with $/
  -a              autosplit mode with -n or -p (splits $_ into $F)
  -F pattern      split() pattern for autosplit (-a)
  -r library      require the library before executing the program
  -I directory    prepend directory to $LOAD_PATH
  -C directory    cd to directory before executing the program
  -c              check syntax only
  -w, -W[level]   warnings ($VERBOSE): -W0 none, -W1 normal, -w/-W2 verbose
  -v, --version   print the version (-v: and run the program, verbosely)
  -h, --help      show this message
The standard library is built in (json, digest, csv, set, time, ...); gems cannot be installed.
Sandbox differences: docs/toolbox.md#ruby.
`;

async function readSource(src: ByteSource): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let c = await src.read(65536); c !== null; c = await src.read(65536)) {
    size += c.length;
    if (size > MAX_SCRIPT_BYTES) throw new Error(`program file is larger than ${MAX_SCRIPT_BYTES} bytes`);
    chunks.push(c.slice());
  }
  return new TextDecoder().decode(new Uint8Array(await new Blob(chunks).arrayBuffer()));
}

/** The program's text and the name its messages use ($0, `-e:1:`). */
async function program(t: ToolRun, cmd: RubyCommand): Promise<{ text: string; file: string }> {
  if (cmd.version === "print" || (cmd.version && cmd.code === null && cmd.script === "-" && !cmd.argv.length)) {
    return { text: "puts RUBY_DESCRIPTION", file: "-e" };
  }
  const banner = cmd.version ? "puts RUBY_DESCRIPTION\n" : "";
  if (cmd.code !== null) return { text: banner + cmd.code, file: "-e" };
  if (cmd.script === "-") return { text: banner + (await readSource(t.io.stdin)), file: "-" };
  const file = cmd.script!;
  return { text: banner + (await readSource(await t.files.openRead(file, t.cwd))), file };
}

export const ruby: Tool = {
  usage: "[switches] [--] [programfile] [arguments]",
  help: HELP,
  spec: { commandAfter: true },
  rawArgs: true,
  async run(t) {
    const cmd = parseRubyCommand(t.argv.slice(1));
    if (cmd.help) {
      await t.out(`usage: ${t.name} ${ruby.usage}\n${HELP}`);
      return 0;
    }
    const { text, file } = await program(t, cmd);
    const driver = rubyDriver(cmd, text, file, t.cwd);
    return t.files.runRuntime(RUBY_RUNTIME, [t.name, ...cmd.argv], t.env, t.io, t.cwd, {
      imports: rubyImports(),
      enter: async (call, memory) => {
        const state = await bootAndEval(call, memory, cmd.argv, driver);
        throw new Error(`the Ruby driver returned (state ${state}) instead of exiting`);
      },
    });
  },
};
