/**
 * The byte layout every sketch and profile encodes to: a one-byte tag naming the class, a version
 * byte, then fixed-width little-endian fields, length-prefixed UTF-8 strings and raw float64 runs.
 * Float64 runs are copied with one memcpy on little-endian machines (all current ones), so decoding
 * a few-KB sketch costs microseconds; a DataView loop covers big-endian ones.
 */

// The library is compiled without DOM or Node typings (detectors/tsconfig.json); both runtimes
// provide these WHATWG globals.
declare const TextEncoder: { new (): { encode(text: string): Uint8Array } };
declare const TextDecoder: { new (label: string, options: { fatal: boolean }): { decode(bytes: Uint8Array): string } };

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Appends fields to a growing buffer; `finish()` returns the bytes written. A writer that knows
 * its size (`capacity`, tag and version included) never grows or copies its buffer.
 */
export class ByteWriter {
  private buffer: Uint8Array;
  private view: DataView;
  private length = 0;

  constructor(tag: number, version: number, capacity = 256) {
    this.buffer = new Uint8Array(capacity);
    this.view = new DataView(this.buffer.buffer);
    this.uint8(tag);
    this.uint8(version);
  }

  /** Makes room for `bytes` more and returns where they go; may replace `buffer` and `view`, so read those after. */
  private reserve(bytes: number): number {
    const at = this.length;
    if (at + bytes > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, at + bytes));
      grown.set(this.buffer.subarray(0, at));
      this.buffer = grown;
      this.view = new DataView(grown.buffer);
    }
    this.length += bytes;
    return at;
  }

  uint8(value: number): void {
    const at = this.reserve(1);
    this.view.setUint8(at, value);
  }

  uint32(value: number): void {
    const at = this.reserve(4);
    this.view.setUint32(at, value, true);
  }

  float64(value: number): void {
    const at = this.reserve(8);
    this.view.setFloat64(at, value, true);
  }

  float64s(values: Float64Array): void {
    const at = this.reserve(values.length * 8);
    if (LITTLE_ENDIAN) {
      this.buffer.set(new Uint8Array(values.buffer, values.byteOffset, values.length * 8), at);
    } else {
      for (let i = 0; i < values.length; i++) this.view.setFloat64(at + i * 8, values[i], true);
    }
  }

  string(text: string): void {
    this.bytes(utf8Encoder.encode(text));
  }

  /** A length-prefixed run of bytes (a nested encoding). */
  bytes(bytes: Uint8Array): void {
    this.uint32(bytes.length);
    const at = this.reserve(bytes.length);
    this.buffer.set(bytes, at);
  }

  finish(): Uint8Array {
    return this.length === this.buffer.length ? this.buffer : this.buffer.slice(0, this.length);
  }
}

/**
 * Reads the fields a {@link ByteWriter} wrote, throwing `<what>: …` on a wrong tag or short input.
 * `versions` lists the versions the class still reads (its current one last); `version` says which one this is.
 */
export class ByteReader {
  private readonly view: DataView;
  private at = 0;
  readonly version: number;

  constructor(
    private readonly input: Uint8Array,
    private readonly what: string,
    tag: number,
    versions: number | readonly number[],
  ) {
    this.view = new DataView(input.buffer, input.byteOffset, input.byteLength);
    const [gotTag, gotVersion] = [this.uint8(), this.uint8()];
    if (gotTag !== tag) this.fail(`not an encoded ${what.split(".")[0]} (tag ${gotTag}, expected ${tag})`);
    const known = typeof versions === "number" ? [versions] : versions;
    if (!known.includes(gotVersion))
      this.fail(`unsupported version ${gotVersion} (this build reads ${known.join(", ")})`);
    this.version = gotVersion;
  }

  fail(message: string): never {
    throw new Error(`${this.what}: ${message}`);
  }

  private take(bytes: number): number {
    if (!(bytes >= 0) || this.at + bytes > this.input.length) {
      this.fail(`truncated input (${this.input.length} bytes, needs ${this.at + bytes})`);
    }
    const at = this.at;
    this.at += bytes;
    return at;
  }

  uint8(): number {
    return this.view.getUint8(this.take(1));
  }

  uint32(): number {
    return this.view.getUint32(this.take(4), true);
  }

  float64(): number {
    return this.view.getFloat64(this.take(8), true);
  }

  float64s(count: number): Float64Array {
    const at = this.take(count * 8);
    const values = new Float64Array(count);
    if (LITTLE_ENDIAN) {
      new Uint8Array(values.buffer).set(this.input.subarray(at, at + count * 8));
    } else {
      for (let i = 0; i < count; i++) values[i] = this.view.getFloat64(at + i * 8, true);
    }
    return values;
  }

  string(): string {
    try {
      return utf8Decoder.decode(this.bytes());
    } catch (error) {
      if (error instanceof Error && error.message.startsWith(this.what)) throw error;
      return this.fail("invalid UTF-8 in a string");
    }
  }

  bytes(): Uint8Array {
    const length = this.uint32();
    const at = this.take(length);
    return this.input.subarray(at, at + length);
  }

  /** Throws unless every byte was read (trailing bytes mean a corrupt or foreign blob). */
  end(): void {
    if (this.at !== this.input.length) this.fail(`${this.input.length - this.at} unexpected trailing bytes`);
  }
}
