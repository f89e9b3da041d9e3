// A ShellHost whose "programs" are small TypeScript functions and whose files live in a Map. The unit under test
// is the shell, so faking the host (the sandbox) is legitimate; every program uses only the public StageIO.
import { BrokenPipeError, type ByteSink, type ByteSource, type ShellHost, type StageIO } from "../../../core/shell/index.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

export type Program = (argv: string[], env: Record<string, string>, io: StageIO, cwd: string) => Promise<number>;

export async function readAll(source: ByteSource): Promise<string> {
  let text = "";
  for (let c = await source.read(4096); c !== null; c = await source.read(4096)) text += dec.decode(c, { stream: true });
  return text + dec.decode();
}

export const write = (sink: ByteSink, text: string): Promise<void> => sink.write(enc.encode(text));

export class MemorySink implements ByteSink {
  text = "";
  closed = false;
  async write(chunk: Uint8Array): Promise<void> {
    if (this.closed) throw new Error("write after close");
    this.text += dec.decode(chunk);
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

export function memorySource(text: string): ByteSource {
  let bytes: Uint8Array | null = enc.encode(text);
  return {
    read: async (max) => {
      if (bytes === null || bytes.length === 0) return null;
      const out = bytes.subarray(0, max);
      bytes = bytes.subarray(out.length);
      return out;
    },
  };
}

/** Statistics the back-pressure tests read. */
export const yesStats = { written: 0, maxWrite: 0 };

export const PROGRAMS: Record<string, Program> = {
  /** cat: copies stdin to stdout (file arguments are not supported: status 1). */
  cat: async (argv, _env, io) => {
    await write(io.stdout, await readAll(io.stdin));
    return argv.length > 1 ? 1 : 0;
  },
  upper: async (_argv, _env, io) => {
    await write(io.stdout, (await readAll(io.stdin)).toUpperCase());
    return 0;
  },
  /** count: number of lines on stdin. */
  count: async (_argv, _env, io) => {
    const text = await readAll(io.stdin);
    await write(io.stdout, `${text.split("\n").length - 1}\n`);
    return 0;
  },
  /** yes: writes "y\n" in 8 KiB chunks until the pipe breaks. */
  yes: async (_argv, _env, io) => {
    const chunk = enc.encode("y\n".repeat(4096));
    for (;;) {
      try {
        await io.stdout.write(chunk);
      } catch (e) {
        if (e instanceof BrokenPipeError) return 141;
        throw e;
      }
      yesStats.written += chunk.length;
    }
  },
  /** head -n N: copies N lines and exits without draining the rest. */
  head: async (argv, _env, io) => {
    const n = Number(argv[2] ?? 10);
    let lines = 0;
    let out = "";
    while (lines < n) {
      const c = await io.stdin.read(1);
      if (c === null) break;
      const ch = dec.decode(c);
      out += ch;
      if (ch === "\n") lines++;
    }
    await write(io.stdout, out);
    return 0;
  },
  fail: async () => 3,
  /** args: one `<arg>` per line, to see field splitting. */
  args: async (argv, _env, io) => {
    await write(io.stdout, argv.slice(1).map((a) => `<${a}>\n`).join(""));
    return 0;
  },
  printenv: async (argv, env, io) => {
    const value = env[argv[1]];
    if (value === undefined) return 1;
    await write(io.stdout, value + "\n");
    return 0;
  },
  /** warn: writes its arguments to stderr. */
  warn: async (argv, _env, io) => {
    await write(io.stderr, argv.slice(1).join(" ") + "\n");
    return 0;
  },
  showcwd: async (_argv, _env, io, cwd) => {
    await write(io.stdout, cwd + "\n");
    return 0;
  },
};

export class FakeHost implements ShellHost {
  files = new Map<string, string>();
  calls: string[][] = [];

  async run(argv: string[], env: Record<string, string>, io: StageIO, cwd: string): Promise<number> {
    this.calls.push(argv);
    const program = PROGRAMS[argv[0]];
    if (program === undefined) {
      await write(io.stderr, `sh: ${argv[0]}: command not found\n`);
      return 127;
    }
    return program(argv, env, io, cwd);
  }

  async openRead(path: string, cwd: string): Promise<ByteSource> {
    const text = this.files.get(absolute(path, cwd));
    if (text === undefined) throw new Error("No such file or directory");
    return memorySource(text);
  }

  async openWrite(path: string, cwd: string, append: boolean): Promise<ByteSink> {
    const key = absolute(path, cwd);
    if (key.startsWith("/readonly/")) throw new Error("Permission denied");
    if (!append || !this.files.has(key)) this.files.set(key, "");
    return {
      write: async (chunk) => void this.files.set(key, (this.files.get(key) ?? "") + dec.decode(chunk)),
      close: async () => {},
    };
  }
}

function absolute(path: string, cwd: string): string {
  return path.startsWith("/") ? path : `${cwd.replace(/\/$/, "")}/${path}`;
}

export interface Outcome {
  status: number;
  stdout: string;
  stderr: string;
}
