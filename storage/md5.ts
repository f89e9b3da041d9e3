/** A pass-through stream that counts bytes and computes MD5 as they flow (workerd's DigestStream). */
import { MantaError } from "../core/errors.ts";
import { base64Encode } from "../core/ssh-key.ts";

export interface Measured {
  stream: ReadableStream<Uint8Array>;
  /** Resolves after the source ended: byte count and base64 MD5. */
  result: Promise<{ bytes: number; md5: string }>;
}

export function measure(source: ReadableStream<Uint8Array>, maxBytes: number): Measured {
  const digest = new crypto.DigestStream("MD5");
  const writer = digest.getWriter();
  let bytes = 0;
  let resolve!: (v: { bytes: number; md5: string }) => void;
  let reject!: (e: unknown) => void;
  const result = new Promise<{ bytes: number; md5: string }>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  result.catch(() => {});
  const transform = new TransformStream<Uint8Array, Uint8Array>({
    async transform(chunk, ctrl) {
      bytes += chunk.byteLength;
      if (bytes > maxBytes) {
        const err = new MantaError("MaxContentLengthExceeded", `request body exceeds ${maxBytes} bytes`);
        reject(err);
        throw err;
      }
      await writer.write(chunk);
      ctrl.enqueue(chunk);
    },
    async flush() {
      await writer.close();
      const hash = new Uint8Array(await digest.digest);
      resolve({ bytes, md5: base64Encode(hash) });
    },
  });
  const stream = source.pipeThrough(transform);
  return { stream, result };
}
