// WASI preview1 numbers (wasi_snapshot_preview1 witx): errno values, file
// types, flags and struct sizes used by the host calls.

export const ERRNO = {
  SUCCESS: 0, BADF: 8, EXIST: 20, FAULT: 21, INVAL: 28, IO: 29, ISDIR: 31, NOENT: 44, NOSPC: 51, NOSYS: 52,
  NOTDIR: 54, NOTEMPTY: 55, NOTSUP: 58, PERM: 63, PIPE: 64, ROFS: 69, SPIPE: 70, NOTCAPABLE: 76,
} as const;

export const FILETYPE = { UNKNOWN: 0, CHARACTER_DEVICE: 2, DIRECTORY: 3, REGULAR_FILE: 4 } as const;

export const OFLAGS = { CREAT: 1, DIRECTORY: 2, EXCL: 4, TRUNC: 8 } as const;
export const FDFLAGS = { APPEND: 1 } as const;

export const RIGHTS = { FD_READ: 1n << 1n, FD_SEEK: 1n << 2n, FD_TELL: 1n << 5n, FD_WRITE: 1n << 6n } as const;
/** Every right: we enforce access ourselves, and libc's isatty() reads "no seek right" as "a tty". */
export const ALL_RIGHTS = (1n << 30n) - 1n;

export const WHENCE = { SET: 0, CUR: 1, END: 2 } as const;
export const CLOCK = { REALTIME: 0, MONOTONIC: 1, PROCESS_CPUTIME: 2, THREAD_CPUTIME: 3 } as const;
