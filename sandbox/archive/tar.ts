// Reading a tar archive (POSIX ustar, GNU long names, pax `path`/`size` records): the
// members' paths, types and byte ranges. Members are views into the archive, never copies.
import { ArchiveError, type ArchiveMember } from "./types.ts";

const BLOCK = 512;
const decoder = new TextDecoder();

function text(b: Uint8Array, off: number, len: number): string {
  const field = b.subarray(off, off + len);
  const end = field.indexOf(0);
  return decoder.decode(end < 0 ? field : field.subarray(0, end));
}

function octal(b: Uint8Array, off: number, len: number): number {
  if (b[off]! & 0x80) {
    // GNU base-256 for sizes past 8 GiB: big-endian in the remaining bytes.
    let n = 0;
    for (let i = off + 1; i < off + len; i++) n = n * 256 + b[i]!;
    return n;
  }
  const s = text(b, off, len).trim();
  const n = s ? Number.parseInt(s, 8) : 0;
  if (!Number.isSafeInteger(n) || n < 0) throw new ArchiveError(`bad number field ${JSON.stringify(s)}`);
  return n;
}

/** pax extended header records: "LEN key=value\n". */
function pax(data: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  const s = decoder.decode(data);
  let i = 0;
  while (i < s.length) {
    const sp = s.indexOf(" ", i);
    const len = Number.parseInt(s.slice(i, sp), 10);
    if (sp < 0 || !Number.isInteger(len) || len <= 0) break;
    const record = s.slice(sp + 1, i + len - 1);
    const eq = record.indexOf("=");
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    i += len;
  }
  return out;
}

export function isTar(b: Uint8Array): boolean {
  return b.length >= BLOCK && text(b, 257, 5) === "ustar";
}

export function readTar(b: Uint8Array): ArchiveMember[] {
  const members: ArchiveMember[] = [];
  let longName: string | null = null;
  let paxHeader: Record<string, string> = {};
  for (let off = 0; off + BLOCK <= b.length; ) {
    const header = b.subarray(off, off + BLOCK);
    if (header.every((x) => x === 0)) break; // end of archive
    const stored = octal(header, 148, 8);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
    if (sum !== stored) throw new ArchiveError(`bad header checksum at byte ${off}`);
    const type = String.fromCharCode(header[156]!);
    const size = paxHeader.size !== undefined ? Number(paxHeader.size) : octal(header, 124, 12);
    const dataAt = off + BLOCK;
    if (dataAt + size > b.length) throw new ArchiveError(`member at byte ${off} runs past the end of the archive`);
    const data = b.subarray(dataAt, dataAt + size);
    off = dataAt + Math.ceil(size / BLOCK) * BLOCK;
    if (type === "L") {
      longName = text(data, 0, data.length);
      continue;
    }
    if (type === "x") {
      paxHeader = pax(data);
      continue;
    }
    if (type === "g") continue;
    const prefix = text(header, 345, 155);
    const path = paxHeader.path ?? longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    longName = null;
    paxHeader = {};
    if (type === "0" || type === "\0" || type === "7") members.push({ path, kind: "file", size, data: () => data });
    else if (type === "5") members.push({ path, kind: "dir", size: 0 });
    else members.push({ path, kind: "other", size: 0 }); // links, devices, fifos: not mounted
  }
  return members;
}
