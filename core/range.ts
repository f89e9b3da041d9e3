/** Single byte ranges (`bytes=a-b`, `bytes=a-`, `bytes=-n`); multi-range is NotImplemented as in Manta. */
import { MantaError } from "./errors.ts";

export interface ByteRange {
  offset: number;
  length: number;
}

export function parseRange(header: string, size: number): ByteRange {
  const m = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/.exec(header.trim());
  if (!m) {
    if (/^bytes=.*,/.test(header)) throw new MantaError("NotImplemented", "multiple ranges are not supported");
    throw new MantaError("RequestedRangeNotSatisfiable", `${header} is not a valid range`);
  }
  const [, a, b] = m;
  let start: number;
  let end: number;
  if (a === "" && b === "") throw new MantaError("RequestedRangeNotSatisfiable", `${header} is not a valid range`);
  if (a === "") {
    const n = Number(b);
    if (n === 0) throw new MantaError("RequestedRangeNotSatisfiable", `${header} is not satisfiable`);
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(a);
    // node-manta resumes with end = length (one past the last byte): clamp.
    end = b === "" ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start >= size || end < start) {
    throw new MantaError("RequestedRangeNotSatisfiable", `${header} is not satisfiable for ${size} bytes`);
  }
  return { offset: start, length: end - start + 1 };
}
