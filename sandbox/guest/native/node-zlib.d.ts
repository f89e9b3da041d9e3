// The part of node:zlib the guest runtime uses (its isolate runs with nodejs_compat; the
// Workers types this project compiles against do not declare Node's modules).
declare module "node:zlib" {
  interface ZlibStream {
    write(chunk: Uint8Array): boolean;
    end(): void;
    on(event: "data", fn: (chunk: Uint8Array) => void): this;
    on(event: "end" | "drain", fn: () => void): this;
    on(event: "error", fn: (e: Error) => void): this;
    pause(): this;
    resume(): this;
    destroy(): void;
  }
  export function createGzip(opts?: { level?: number }): ZlibStream;
  export function createGunzip(): ZlibStream;
}
