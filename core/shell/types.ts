// The shell's public ports. The sandbox runtime implements ShellHost; the shell owns every sink it passes to
// `run`: hosts must not close `io.stdout`/`io.stderr` (the shell closes pipes and redirect files itself).

export interface ByteSource {
  /** Resolves with 1..max bytes, or null at end of input. */
  read(max: number): Promise<Uint8Array | null>;
  /** A terminal (an mlogin session's keyboard): programs see a tty (isatty). */
  readonly isTerminal?: boolean;
}

export interface ByteSink {
  /** Resolves once the chunk is accepted; rejects with BrokenPipeError (code "EPIPE") if the reader is gone. */
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
  /** A terminal (an mlogin session's screen): programs see a tty and flush line by line. */
  readonly isTerminal?: boolean;
}

export interface StageIO {
  stdin: ByteSource;
  stdout: ByteSink;
  stderr: ByteSink;
}

export interface ShellHost {
  /** Runs one external program; resolves with its exit status (127 if not found — the host prints the message). */
  run(argv: string[], env: Record<string, string>, io: StageIO, cwd: string): Promise<number>;
  /** `< file`. Throw an Error whose message explains why (e.g. "No such file or directory") to fail the command. */
  openRead(path: string, cwd: string): Promise<ByteSource>;
  /** `> file`, `>> file`, `2> file`. */
  openWrite(path: string, cwd: string, append: boolean): Promise<ByteSink>;
}

export interface RunShellOptions {
  env: Record<string, string>;
  host: ShellHost;
  io: StageIO;
  cwd?: string;
}
