/**
 * Byte ranges for object reads: one range (`bytes=a-b`, `bytes=a-`, `bytes=-n`) is served
 * as a 206. A request for several ranges gets the whole object instead (null): RFC 9110
 * §14.2 lets a server ignore Range, and a 200 with every byte serves any client, where
 * muskie's 501 served none.
 */
import { MantaError } from "./errors.ts";

export interface ByteRange {
  offset: number;
  length: number;
}

/** RFC 9110 §15.5.17: a 416 names the size, so the client can ask again for what exists. */
function unsatisfiable(message: string, size: number): MantaError {
  return new MantaError("RequestedRangeNotSatisfiable", message, { "content-range": `bytes */${size}` });
}

export function parseRange(header: string, size: number): ByteRange | null {
  const m = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/.exec(header.trim());
  if (!m) {
    if (/^bytes=.*,/.test(header.trim())) return null;
    throw unsatisfiable(`${header} is not a valid range`, size);
  }
  const [, a, b] = m;
  let start: number;
  let end: number;
  if (a === "" && b === "") throw unsatisfiable(`${header} is not a valid range`, size);
  if (a === "") {
    const n = Number(b);
    if (n === 0) throw unsatisfiable(`${header} is not satisfiable`, size);
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(a);
    // node-manta resumes with end = length (one past the last byte): clamp.
    end = b === "" ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start >= size || end < start) throw unsatisfiable(`${header} is not satisfiable for ${size} bytes`, size);
  return { offset: start, length: end - start + 1 };
}
