// Reading a zip archive from its central directory: stored members are views into the
// archive, deflated ones are inflated on first read with the runtime's DecompressionStream.
// No zip64, encryption or multi-disk archives (each is refused with a clear error).
import { ArchiveError, type ArchiveMember } from "./types.ts";

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const decoder = new TextDecoder();

export function isZip(b: Uint8Array): boolean {
  return b.length >= 22 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5);
}

async function inflate(raw: Uint8Array, size: number): Promise<Uint8Array> {
  const out = await new Response(new Blob([raw]).stream().pipeThrough(new DecompressionStream("deflate-raw"))).arrayBuffer();
  if (out.byteLength !== size) throw new ArchiveError(`a member inflated to ${out.byteLength} bytes, not ${size}`);
  return new Uint8Array(out);
}

export function readZip(b: Uint8Array): ArchiveMember[] {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let end = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ArchiveError("no end of central directory (not a zip, or truncated)");
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  if (count === 0xffff || at === 0xffffffff) throw new ArchiveError("zip64 archives are not supported");
  const members: ArchiveMember[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > b.length || view.getUint32(at, true) !== CENTRAL) throw new ArchiveError(`bad central directory entry ${n}`);
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const packed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLen = view.getUint16(at + 28, true);
    const extraLen = view.getUint16(at + 30, true);
    const commentLen = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const path = decoder.decode(b.subarray(at + 46, at + 46 + nameLen));
    at += 46 + nameLen + extraLen + commentLen;
    if (path.endsWith("/")) {
      members.push({ path, kind: "dir", size: 0 });
      continue;
    }
    if (flags & 1) throw new ArchiveError(`${path}: encrypted members are not supported`);
    if (method !== 0 && method !== 8) throw new ArchiveError(`${path}: compression method ${method} is not supported (only stored and deflate)`);
    if (local + 30 > b.length || view.getUint32(local, true) !== LOCAL) throw new ArchiveError(`${path}: bad local header`);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + packed > b.length) throw new ArchiveError(`${path}: runs past the end of the archive`);
    const raw = b.subarray(start, start + packed);
    if (method === 0) {
      members.push({ path, kind: "file", size, data: () => raw });
    } else {
      let inflated: Promise<Uint8Array> | null = null;
      members.push({ path, kind: "file", size, data: () => (inflated ??= inflate(raw, size)) });
    }
  }
  return members;
}
