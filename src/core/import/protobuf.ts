// A minimal bounds-checked protocol-buffers reader for the OSM PBF importer: varints up to
// 2^53, zigzag, length-delimited fields and packed arrays; truncation throws, never reads past.

export class ProtobufError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

export class ProtoReader {
  pos: number;
  readonly end: number;

  constructor(readonly buf: Uint8Array, start = 0, end = buf.length) {
    this.pos = start;
    this.end = end;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** Unsigned varint as a double (exact up to 2^53; larger values lose precision, never wrap). */
  varint(): number {
    const buf = this.buf;
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtobufError('truncated varint', this.pos);
      const b = buf[this.pos++];
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 128;
    }
    throw new ProtobufError('varint longer than 10 bytes', this.pos);
  }

  /** Signed (zigzag) varint. */
  svarint(): number {
    const v = this.varint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }

  /** int64/int32 fields written as plain varints: two's complement negatives come back negative. */
  int64(): number {
    const v = this.varint();
    return v >= 2 ** 63 ? v - 2 ** 64 : v;
  }

  /** Reads a field key; returns [fieldNumber, wireType]. */
  key(): [number, number] {
    const k = this.varint();
    return [Math.floor(k / 8), k % 8];
  }

  /** A length-delimited field as [start, end) within buf. */
  bytesRange(): [number, number] {
    const len = this.varint();
    const start = this.pos;
    if (len > this.end - start) throw new ProtobufError(`field of ${len} bytes runs past the end of its message`, start);
    this.pos = start + len;
    return [start, start + len];
  }

  bytes(): Uint8Array {
    const [s, e] = this.bytesRange();
    return this.buf.subarray(s, e);
  }

  sub(): ProtoReader {
    const [s, e] = this.bytesRange();
    return new ProtoReader(this.buf, s, e);
  }

  skip(wire: number): void {
    switch (wire) {
      case WIRE_VARINT: this.varint(); return;
      case WIRE_FIXED64: this.advance(8); return;
      case WIRE_BYTES: this.bytesRange(); return;
      case WIRE_FIXED32: this.advance(4); return;
      default: throw new ProtobufError(`unsupported wire type ${wire}`, this.pos);
    }
  }

  private advance(n: number): void {
    if (this.pos + n > this.end) throw new ProtobufError('truncated fixed-width field', this.pos);
    this.pos += n;
  }

  /** A repeated numeric field, packed (wire 2) or single (wire 0), appended to out. */
  repeated(wire: number, out: number[], read: (r: ProtoReader) => number): void {
    if (wire === WIRE_BYTES) {
      const r = this.sub();
      while (!r.done) out.push(read(r));
    } else if (wire === WIRE_VARINT) out.push(read(this));
    else throw new ProtobufError(`unexpected wire type ${wire} for a repeated number`, this.pos);
  }
}

export const readVarint = (r: ProtoReader) => r.varint();
export const readSvarint = (r: ProtoReader) => r.svarint();
export const readInt64 = (r: ProtoReader) => r.int64();
