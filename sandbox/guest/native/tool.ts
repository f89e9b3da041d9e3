// What a native program is inside the sandbox: a TypeScript program the shell runs like a
// toolbox program (argv, env, stdin/stdout/stderr, exit status), with the task's files, its
// storage capability (the Manta tools) and the host's program runner (xargs, env COMMAND).
// One runner gives them all `--help`, usage errors (status 2) and node-manta's error lines
// (`NAME: CodeError: message`, status 1).
import type { ShellHost, StageIO } from "../../../core/shell/index.ts";
import type { TaskContext } from "../context.ts";
import type { ProgramRun } from "../program.ts";
import { FsError } from "../vfs.ts";
import { parseArgs, UsageError, type OptionSpec, type Parsed } from "./args.ts";
import { ToolError, type MantaClient } from "./manta/client.ts";

/** The task's own files (`mput -f`, `mget -o`, `gzip FILE`) and programs (`xargs CMD`). */
export interface ToolFiles extends Pick<ShellHost, "openRead" | "openWrite" | "run"> {
  exists(path: string, cwd: string): boolean;
  unlink(path: string, cwd: string): void;
  /** Runs a wasm program by name, skipping the native ones (`env` without a command). */
  runWasm(argv: string[], env: Record<string, string>, io: StageIO, cwd: string): Promise<number>;
  /** Runs an installed language runtime (`runtime:ruby`) through its own entry (program.ts). */
  runRuntime(key: string, argv: string[], env: Record<string, string>, io: StageIO, cwd: string, entry: RuntimeEntry): Promise<number>;
}

export type RuntimeEntry = Required<Pick<ProgramRun, "enter" | "imports">>;

export interface ToolRun {
  name: string;
  argv: string[];
  env: Record<string, string>;
  io: StageIO;
  cwd: string;
  ctx: TaskContext;
  client: MantaClient;
  files: ToolFiles;
  out(text: string): Promise<void>;
  err(text: string): Promise<void>;
}

export interface Tool {
  usage: string;
  help: string;
  spec: OptionSpec;
  /** The program parses its own argv (json's parser is not GNU style): operands = all args. */
  rawArgs?: boolean;
  run(t: ToolRun, p: Parsed): Promise<number>;
}

const encoder = new TextEncoder();

export interface ToolCall {
  name: string;
  argv: string[];
  env: Record<string, string>;
  io: StageIO;
  cwd: string;
}

/** The task's files as a tool sees them: a failure names the path, as `NAME: PATH: reason`. */
function naming(files: ToolFiles): ToolFiles {
  const named = <T>(path: string, op: () => T): T => {
    try {
      return op();
    } catch (e) {
      if (e instanceof FsError) e.path ??= path;
      throw e;
    }
  };
  const namedAsync = async <T>(path: string, op: () => Promise<T>): Promise<T> => {
    try {
      return await op();
    } catch (e) {
      if (e instanceof FsError) e.path ??= path;
      throw e;
    }
  };
  return {
    run: (argv, env, io, cwd) => files.run(argv, env, io, cwd),
    runWasm: (argv, env, io, cwd) => files.runWasm(argv, env, io, cwd),
    runRuntime: (key, argv, env, io, cwd, entry) => files.runRuntime(key, argv, env, io, cwd, entry),
    exists: (path, cwd) => named(path, () => files.exists(path, cwd)),
    unlink: (path, cwd) => named(path, () => files.unlink(path, cwd)),
    openRead: (path, cwd) => namedAsync(path, () => files.openRead(path, cwd)),
    openWrite: (path, cwd, append) => namedAsync(path, () => files.openWrite(path, cwd, append)),
  };
}

/** Options end at the first operand for tools that run a command (`xargs grep --help`). */
function asksHelp(tool: Tool, args: string[]): boolean {
  for (const a of args) {
    if (a === "--help" || (a === "-h" && !tool.spec.commandAfter)) return true;
    if (a === "--" || (tool.spec.commandAfter && !a.startsWith("-"))) return false;
  }
  return false;
}

export async function runTool(tool: Tool, call: ToolCall, ctx: TaskContext, client: MantaClient, files: ToolFiles): Promise<number> {
  const { name, argv, env, io, cwd } = call;
  const say = (sink: StageIO["stdout"], text: string) => sink.write(encoder.encode(text));
  const args = argv.slice(1);
  if (asksHelp(tool, args)) {
    await say(io.stdout, `usage: ${name} ${tool.usage}\n${tool.help}`);
    return 0;
  }
  try {
    const parsed = tool.rawArgs ? { opts: new Map(), operands: args } : parseArgs(args, tool.spec);
    const err = (text: string) => say(io.stderr, text).catch(() => {});
    return await tool.run({ name, argv, env, io, cwd, ctx, client, files: naming(files), out: (text) => say(io.stdout, text), err }, parsed);
  } catch (e) {
    if (e instanceof UsageError) {
      await say(io.stderr, `${name}: ${e.message}\nusage: ${name} ${tool.usage}\n`).catch(() => {});
      return 2;
    }
    if (e instanceof ToolError) {
      await say(io.stderr, `${name}: ${e.code}Error: ${e.message}\n`).catch(() => {});
      return 1;
    }
    if (e instanceof FsError) {
      await say(io.stderr, `${name}: ${e.path ? `${e.path}: ` : ""}${e.message}\n`).catch(() => {});
      return 1;
    }
    if (e instanceof Error && e.constructor === Error) {
      await say(io.stderr, `${name}: ${e.message}\n`).catch(() => {});
      return 1;
    }
    throw e; // a kill or an exit unwinds the task
  }
}
