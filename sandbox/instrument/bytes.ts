// Byte-level reading and writing of the WebAssembly binary format: LEB128
// integers, names and raw spans. Pure TypeScript because workerd forbids
// runtime compilation, so nothing here may lean on `WebAssembly.*`.

export class InstrumentError extends Error {
  constructor(message: string, readonly kind: "malformed" | "unsupported" | "memory" = "malformed") {
    super(message);
    this.name = "InstrumentError";
  }
}

export class ByteReader {
  pos: number;
  constructor(readonly bytes: Uint8Array, start = 0, readonly end = bytes.length) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  u8(): number {
    if (this.pos >= this.end) throw new InstrumentError(`unexpected end of data at byte ${this.pos}`);
    return this.bytes[this.pos++];
  }

  peek(): number {
    if (this.pos >= this.end) throw new InstrumentError(`unexpected end of data at byte ${this.pos}`);
    return this.bytes[this.pos];
  }

  /** Unsigned LEB128 up to 32 bits, as a JS number. */
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.u8();
      if (shift === 28 && b > 0x0f) throw new InstrumentError(`LEB128 u32 overflow at byte ${this.pos - 1}`);
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  }

  /** Skips any LEB128 (signed or unsigned, up to 64 bits) without decoding it. */
  skipLeb(): void {
    for (let i = 0; i < 10; i++) if ((this.u8() & 0x80) === 0) return;
    throw new InstrumentError(`LEB128 too long at byte ${this.pos}`);
  }

  /** Signed LEB128 that fits a JS number (s32 or s33 block types). */
  s33(): number {
    let result = 0;
    let shift = 0;
    let b: number;
    do {
      b = this.u8();
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (shift > 35) throw new InstrumentError(`LEB128 s33 too long at byte ${this.pos}`);
    } while (b & 0x80);
    if (b & 0x40) result -= 2 ** shift;
    return result;
  }

  skip(n: number): void {
    if (this.pos + n > this.end) throw new InstrumentError(`unexpected end of data at byte ${this.pos}`);
    this.pos += n;
  }

  name(): string {
    const len = this.u32();
    const start = this.pos;
    this.skip(len);
    return new TextDecoder().decode(this.bytes.subarray(start, start + len));
  }
}

/** Growable output buffer; `chunks` avoids copying large untouched spans twice. */
export class ByteWriter {
  private parts: Uint8Array[] = [];
  private cur: number[] = [];
  private total = 0;

  byte(b: number): this {
    this.cur.push(b & 0xff);
    this.total++;
    return this;
  }

  u32(value: number): this {
    let v = value >>> 0;
    if (value > 0xffffffff || value < 0) throw new InstrumentError(`u32 out of range: ${value}`);
    do {
      let b = v & 0x7f;
      v >>>= 7;
      if (v !== 0) b |= 0x80;
      this.byte(b);
    } while (v !== 0);
    return this;
  }

  s32(value: number): this {
    let v = value | 0;
    for (;;) {
      const b = v & 0x7f;
      v >>= 7;
      const done = (v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0);
      this.byte(done ? b : b | 0x80);
      if (done) return this;
    }
  }

  name(s: string): this {
    return this.vecBytes(new TextEncoder().encode(s));
  }

  raw(bytes: Uint8Array): this {
    if (bytes.length < 64) {
      for (const b of bytes) this.cur.push(b);
    } else {
      this.flushCur();
      this.parts.push(bytes);
    }
    this.total += bytes.length;
    return this;
  }

  /** Length-prefixed bytes (vec(byte)). */
  vecBytes(bytes: Uint8Array): this {
    return this.u32(bytes.length).raw(bytes);
  }

  get length(): number {
    return this.total;
  }

  finish(): Uint8Array {
    this.flushCur();
    if (this.parts.length === 1) return this.parts[0];
    const out = new Uint8Array(this.total);
    let off = 0;
    for (const p of this.parts) {
      out.set(p, off);
      off += p.length;
    }
    return out;
  }

  private flushCur(): void {
    if (this.cur.length) {
      this.parts.push(Uint8Array.from(this.cur));
      this.cur = [];
    }
  }
}
