/**
 * Differential harness: runs a toolbox .wasm under Node's built-in WASI and the
 * system GNU tool on identical inputs (same file-backed stdin, same files under
 * /data), so tests can compare stdout and exit status byte for byte.
 * It runs the committed modules in toolbox/wasm/ (no compiler needed); once per process
 * toolbox/verify.mjs --strict fails the run if the C sources changed since they were built
 * (`npm run build:toolbox` rebuilds them).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { WASI } from "node:wasi";
import { afterAll } from "vitest";

const toolboxDir = fileURLToPath(new URL("../../toolbox", import.meta.url));
let built = false;
const modules = new Map<string, WebAssembly.Module>();

export interface RunResult {
  stdout: Buffer;
  stderr: string;
  status: number;
}

export interface RunOptions {
  stdin?: string | Buffer;
  env?: Record<string, string>;
  /** A stand-in for the Mobula host (the `mobula` import module) for Manta tools. */
  host?: MobulaStub;
}

function ensureBuilt(): void {
  if (built) return;
  try {
    execFileSync(process.execPath, [join(toolboxDir, "verify.mjs"), "--strict"], { stdio: "pipe" });
  } catch (err) {
    throw new Error(String((err as { stderr?: Buffer }).stderr ?? err));
  }
  built = true;
}

function loadModule(tool: string): WebAssembly.Module {
  ensureBuilt();
  let m = modules.get(tool);
  if (!m) {
    m = new WebAssembly.Module(readFileSync(join(toolboxDir, "wasm", `${tool}.wasm`)));
    modules.set(tool, m);
  }
  return m;
}

/** A scratch directory mounted as / (the guest cwd) in the guest and used as cwd for GNU runs. */
/** One Sandbox per test file, its directories removed after the file's tests. */
export function sandboxForFile(): Sandbox {
  const sb = new Sandbox();
  afterAll(() => sb.dispose());
  return sb;
}

export class Sandbox {
  readonly dir: string;
  readonly tmp: string;
  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), "tbx-data-"));
    this.tmp = mkdtempSync(join(tmpdir(), "tbx-tmp-"));
  }
  write(name: string, data: string | Buffer): string {
    writeFileSync(join(this.dir, name), data);
    return name;
  }
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
    rmSync(this.tmp, { recursive: true, force: true });
  }

  private io(stdin: string | Buffer | undefined): { inPath: string; outPath: string; errPath: string } {
    const id = Math.random().toString(36).slice(2);
    const inPath = join(this.tmp, `in-${id}`);
    writeFileSync(inPath, stdin ?? "");
    return { inPath, outPath: join(this.tmp, `out-${id}`), errPath: join(this.tmp, `err-${id}`) };
  }

  /** Runs toolbox/wasm/<tool>.wasm; relative file names resolve in the scratch dir. */
  wasm(tool: string, args: string[], opts: RunOptions = {}): RunResult {
    const mod = loadModule(tool);
    const { inPath, outPath, errPath } = this.io(opts.stdin);
    const fin = openSync(inPath, "r");
    const fout = openSync(outPath, "w");
    const ferr = openSync(errPath, "w");
    let status: number;
    try {
      const wasi = new WASI({
        version: "preview1",
        args: [tool, ...args],
        env: { ...(opts.env ?? {}) },
        preopens: { "/": this.dir, "/tmp": this.tmp },
        stdin: fin,
        stdout: fout,
        stderr: ferr,
        returnOnExit: true,
      });
      let mem: WebAssembly.Memory | undefined;
      const base = wasi.getImportObject() as WebAssembly.Imports;
      const imports = opts.host ? opts.host.imports(base, () => mem as WebAssembly.Memory) : base;
      const inst = new WebAssembly.Instance(mod, imports);
      mem = inst.exports.memory as WebAssembly.Memory;
      status = wasi.start(inst);
    } finally {
      closeSync(fin);
      closeSync(fout);
      closeSync(ferr);
    }
    // Every instance reserves a wasm32 address space (~10 GiB virtual); hundreds of dead ones
    // awaiting GC were seen to kill the test fork outright, so collect them as we go.
    (globalThis as { gc?: () => void }).gc?.();
    return { stdout: readFileSync(outPath), stderr: readFileSync(errPath, "utf8"), status };
  }

  /** Runs the system tool with LC_ALL=C, cwd = the data dir, stdin from a regular file. */
  gnu(cmd: string, args: string[], opts: RunOptions = {}): RunResult {
    const { inPath } = this.io(opts.stdin);
    const fin = openSync(inPath, "r");
    try {
      const r = spawnSync(cmd, args, {
        cwd: this.dir,
        stdio: [fin, "pipe", "pipe"],
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LC_ALL: "C", ...(opts.env ?? {}) },
        maxBuffer: 1 << 30,
      });
      return { stdout: r.stdout, stderr: r.stderr.toString("utf8"), status: r.status ?? -1 };
    } finally {
      closeSync(fin);
    }
  }
}


/** GNU command used as the reference for each toolbox tool. */
export const GNU: Record<string, string> = { awk: "gawk" };

/** Runs both sides and returns them for comparison of stdout and exit status. */
export function both(sb: Sandbox, tool: string, args: string[], opts: RunOptions = {}): { ours: RunResult; gnu: RunResult } {
  return { ours: sb.wasm(tool, args, opts), gnu: sb.gnu(GNU[tool] ?? tool, args, opts) };
}

/** A compact, diff-friendly view of a result for `expect(...).toEqual(...)`. */
export const view = (r: RunResult): { status: number; stdout: string } => ({
  status: r.status,
  stdout: r.stdout.toString("latin1"),
});

export interface StubObject {
  key: string;
  reducer: number;
  kind: "output" | "object";
  data: Buffer;
  closed: boolean;
}

/**
 * Test double of the Mobula host's `mobula` imports: fds it hands out live
 * only in JS, so fd_write/fd_close on them are intercepted before node:wasi.
 * `failWith` makes every open return that negative errno.
 */
export class MobulaStub {
  readonly objects: StubObject[] = [];
  readonly refs: Array<{ key: string; reducer: number }> = [];
  failWith = 0;
  private readonly fds = new Map<number, StubObject>();
  private nextFd = 1000;

  imports(base: WebAssembly.Imports, memory: () => WebAssembly.Memory): WebAssembly.Imports {
    const wasi = base.wasi_snapshot_preview1 as Record<string, (...a: number[]) => number>;
    const str = (ptr: number, len: number): string =>
      Buffer.from(memory().buffer, ptr, len).toString("utf8");
    const open = (kind: StubObject["kind"], ptr: number, len: number, reducer: number): number => {
      if (this.failWith) return -this.failWith;
      const o: StubObject = { key: str(ptr, len), reducer, kind, data: Buffer.alloc(0), closed: false };
      this.objects.push(o);
      const fd = this.nextFd++;
      this.fds.set(fd, o);
      return fd;
    };
    const fdWrite = (fd: number, iovs: number, n: number, outPtr: number): number => {
      const o = this.fds.get(fd);
      if (!o) return (wasi.fd_write as (...a: number[]) => number)(fd, iovs, n, outPtr);
      const view = new DataView(memory().buffer);
      const parts: Buffer[] = [o.data];
      let total = 0;
      for (let i = 0; i < n; i++) {
        const p = view.getUint32(iovs + i * 8, true);
        const l = view.getUint32(iovs + i * 8 + 4, true);
        parts.push(Buffer.from(memory().buffer.slice(p, p + l)));
        total += l;
      }
      o.data = Buffer.concat(parts);
      view.setUint32(outPtr, total, true);
      return 0;
    };
    const fdClose = (fd: number): number => {
      const o = this.fds.get(fd);
      if (!o) return (wasi.fd_close as (...a: number[]) => number)(fd);
      o.closed = true;
      this.fds.delete(fd);
      return 0;
    };
    return {
      ...base,
      wasi_snapshot_preview1: { ...wasi, fd_write: fdWrite, fd_close: fdClose },
      mobula: {
        output_open: (p: number, l: number, r: number) => open("output", p, l, r),
        object_open: (p: number, l: number) => open("object", p, l, -1),
        output_ref: (p: number, l: number, r: number) => {
          if (this.failWith) return -this.failWith;
          this.refs.push({ key: str(p, l), reducer: r });
          return 0;
        },
      },
    };
  }
}
