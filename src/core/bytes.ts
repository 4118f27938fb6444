/** Small, allocation-free helpers over Uint8Array. No DOM, no Node. */

export const u16le = (b: Uint8Array, o: number): number => b[o]! | (b[o + 1]! << 8);
export const u16be = (b: Uint8Array, o: number): number => (b[o]! << 8) | b[o + 1]!;
export const u32le = (b: Uint8Array, o: number): number =>
  (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
export const u32be = (b: Uint8Array, o: number): number =>
  ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
/** 64-bit little-endian as a JS number (exact up to 2^53). */
export const u64le = (b: Uint8Array, o: number): number => u32le(b, o) + u32le(b, o + 4) * 0x1_0000_0000;
export const u64be = (b: Uint8Array, o: number): number => u32be(b, o) * 0x1_0000_0000 + u32be(b, o + 4);

/** True when `needle` occurs in `hay` at `at` (bounds-checked). */
export function bytesAt(hay: Uint8Array, at: number, needle: Uint8Array): boolean {
  if (at < 0 || at + needle.length > hay.length) return false;
  for (let i = 0; i < needle.length; i++) if (hay[at + i] !== needle[i]) return false;
  return true;
}

/**
 * Find `needle` in `hay` starting at `from`. Uses the native indexOf on the first byte,
 * then verifies the rest: the fastest method available in both browsers and Node (see LIBRARIES.md).
 */
export function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from = 0, to = hay.length): number {
  const first = needle[0]!;
  const last = to - needle.length;
  let i = from;
  while (i <= last) {
    i = hay.indexOf(first, i);
    if (i < 0 || i > last) return -1;
    if (bytesAt(hay, i, needle)) return i;
    i++;
  }
  return -1;
}

export const ascii = (s: string): Uint8Array => {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
};

/** Read a NUL-terminated (or field-bounded) ASCII/Latin-1 string. */
export function cstr(b: Uint8Array, o: number, max: number): string {
  let s = '';
  const end = Math.min(b.length, o + max);
  for (let i = o; i < end; i++) {
    const c = b[i]!;
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
export const decodeUtf8 = (b: Uint8Array): string => utf8.decode(b);

/** Concatenate chunks into one buffer. */
export function concat(chunks: Uint8Array[], total?: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const n = total ?? chunks.reduce((a, c) => a + c.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** A growable output buffer that doubles; used by decoders that do not know the output size. */
export class ByteSink {
  private buf: Uint8Array;
  length = 0;
  constructor(initial = 1 << 16, readonly cap = Number.MAX_SAFE_INTEGER) {
    this.buf = new Uint8Array(initial);
  }
  /** Ensure room for `n` more bytes; returns false when the cap would be exceeded. */
  reserve(n: number): boolean {
    const need = this.length + n;
    if (need > this.cap) return false;
    if (need > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < need) size *= 2;
      const next = new Uint8Array(Math.min(size, Math.max(need, this.cap)));
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
    }
    return true;
  }
  push(chunk: Uint8Array): boolean {
    if (!this.reserve(chunk.length)) return false;
    this.buf.set(chunk, this.length);
    this.length += chunk.length;
    return true;
  }
  /** The bytes written so far (a view; valid until the next push). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

export const hex = (n: number): string => '0x' + n.toString(16);
