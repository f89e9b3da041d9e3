// The shell's window onto the sandbox: it finds programs by name and runs
// them (program.ts), and opens files of the task's tree for redirections.
import type { ByteSink, ByteSource, ShellHost, StageIO } from "../../core/shell/index.ts";
import type { ProgramTable, StorageCall } from "../protocol.ts";
import type { TaskContext } from "./context.ts";
import { MantaClient, NATIVE_PROGRAMS, runTool, type RuntimeEntry } from "./native/index.ts";
import { runProgram } from "./program.ts";
import { nullSink } from "./streams.ts";
import { absolute, FsError, resolve, unlinkFile, type FileNode, type TaskFs } from "./vfs.ts";
import { ERRNO } from "./wasi/constants.ts";
import type { MantaOps } from "./wasi/process.ts";

const encoder = new TextEncoder();

/** Language runtimes ("runtime:ruby") run only through their native program (`ruby`). */
const isRuntimeKey = (key: string) => key.startsWith("runtime:");

/** Resolves a command name: toolbox name, /assets path, or basename of a user program. */
export function findProgram(programs: ProgramTable, name: string, cwd: string): ProgramTable[string] | undefined {
  if (name.includes("/")) {
    const parts: string[] = [];
    for (const p of absolute(name, cwd).split("/")) {
      if (p === "..") parts.pop();
      else if (p && p !== ".") parts.push(p);
    }
    const path = `/${parts.join("/")}`;
    return path.startsWith("/assets/") ? programs[path] : undefined;
  }
  if (Object.hasOwn(programs, name) && !name.startsWith("/") && !isRuntimeKey(name)) return programs[name];
  for (const key of Object.keys(programs)) {
    if (!key.startsWith("/assets/")) continue;
    const base = key.slice(key.lastIndexOf("/") + 1);
    if (base === name || base === `${name}.wasm`) return programs[key];
  }
  return undefined;
}

/** The answer to an unknown command: bash's one line, then what the task can run instead. */
export function commandNotFound(programs: ProgramTable, name: string): string {
  const names = Object.keys(programs);
  const toolbox = [...new Set([...names.filter((k) => !k.startsWith("/assets/") && !isRuntimeKey(k)), ...Object.keys(NATIVE_PROGRAMS)])].sort();
  const assets = names.filter((k) => k.startsWith("/assets/")).sort();
  let text = `sh: ${name}: command not found\n`;
  if (toolbox.length) text += `sh: available programs: ${toolbox.join(" ")}\n`;
  if (assets.length) text += `sh: and the task's assets: ${assets.join(" ")}\n`;
  return text;
}

function fileSource(node: FileNode): ByteSource {
  let offset = 0;
  return {
    async read(max) {
      const data = await node.read(offset, max);
      if (data.length === 0) return null;
      offset += data.length;
      return data;
    },
  };
}

/** Appends: `>` truncated the file before handing out the sink. */
function fileSink(node: FileNode): ByteSink {
  return {
    async write(chunk) {
      await node.write!(null, chunk);
    },
    async close() {},
  };
}

export class SandboxHost implements ShellHost {
  constructor(
    private ctx: TaskContext,
    private fs: TaskFs,
    private programs: ProgramTable,
    private manta: MantaOps,
    private storage: StorageCall | null = null,
  ) {}

  async run(argv: string[], env: Record<string, string>, io: StageIO, cwd: string): Promise<number> {
    const name = argv[0] ?? "";
    if (Object.hasOwn(NATIVE_PROGRAMS, name)) {
      const client = new MantaClient(this.storage, this.ctx, env.MANTA_USER ?? "");
      return runTool(NATIVE_PROGRAMS[name]!, { name, argv, env, io, cwd }, this.ctx, client, this);
    }
    return this.runWasm(argv, env, io, cwd);
  }

  async runWasm(argv: string[], env: Record<string, string>, io: StageIO, cwd: string): Promise<number> {
    const name = argv[0] ?? "";
    const program = findProgram(this.programs, name, cwd);
    if (!program) {
      await io.stderr.write(encoder.encode(commandNotFound(this.programs, name))).catch(() => {});
      return 127;
    }
    if (!(program instanceof WebAssembly.Module)) throw this.ctx.kill(program.code === "UserTaskError" ? "TaskInitError" : program.code, program.message);
    return runProgram({ ctx: this.ctx, fs: this.fs, manta: this.manta, module: program, name, argv, env, io });
  }

  async runRuntime(key: string, argv: string[], env: Record<string, string>, io: StageIO, _cwd: string, entry: RuntimeEntry): Promise<number> {
    const name = argv[0] ?? "";
    const runtime = this.programs[key];
    if (!runtime) {
      const text = `${name}: this server has no ${name} runtime installed (an operator runs \`mobula runtime install ${name}\`)\n`;
      await io.stderr.write(encoder.encode(text)).catch(() => {});
      return 127;
    }
    if (!(runtime instanceof WebAssembly.Module)) throw this.ctx.kill("TaskInitError", runtime.message);
    return runProgram({ ctx: this.ctx, fs: this.fs, manta: this.manta, module: runtime, name, argv, env, io, ...entry });
  }

  exists(path: string, cwd: string): boolean {
    return resolve(this.fs.root, absolute(path, cwd)).node !== undefined;
  }

  unlink(path: string, cwd: string): void {
    unlinkFile(resolve(this.fs.root, absolute(path, cwd)));
  }

  async openRead(path: string, cwd: string): Promise<ByteSource> {
    const { node } = resolve(this.fs.root, absolute(path, cwd));
    if (!node) throw new FsError(ERRNO.NOENT, "No such file or directory");
    if (node.kind === "dir") throw new FsError(ERRNO.ISDIR, "Is a directory");
    if (node.kind === "devnull") return { read: async () => null };
    return fileSource(node);
  }

  async openWrite(path: string, cwd: string, append: boolean): Promise<ByteSink> {
    const r = resolve(this.fs.root, absolute(path, cwd));
    let node = r.node;
    if (node?.kind === "devnull") return nullSink;
    if (node?.kind === "dir") throw new FsError(ERRNO.ISDIR, "Is a directory");
    if (!node) {
      if (!r.parent.writable) throw new FsError(ERRNO.ROFS, "Read-only file system");
      node = this.fs.disk.newFile();
      r.parent.entries.set(r.name, node);
    }
    if (!node.writable || !node.write) throw new FsError(ERRNO.ROFS, "Read-only file system");
    if (!append) await node.truncate!(0);
    return fileSink(node);
  }
}
