/**
 * xz container constants and small helpers.
 * Source: "The .xz File Format" 1.2.1 (tukaani.org/xz/xz-file-format.txt), sections 2–5.
 */

export const XZ_MAGIC = Uint8Array.of(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00);
/** Stream Footer magic "YZ". */
export const FOOTER_MAGIC0 = 0x59;
export const FOOTER_MAGIC1 = 0x5a;
export const STREAM_HEADER_SIZE = 12;
export const STREAM_FOOTER_SIZE = 12;

export const CHECK_NONE = 0x00;
export const CHECK_CRC32 = 0x01;
export const CHECK_CRC64 = 0x04;
export const CHECK_SHA256 = 0x0a;

/** Check field size by check id (spec 2.1.1.2: ids 0..15 in groups of three share a size). */
export const CHECK_SIZES = [0, 4, 4, 4, 8, 8, 8, 16, 16, 16, 32, 32, 32, 64, 64, 64] as const;

export function checkName(id: number): string {
  switch (id) {
    case CHECK_NONE:
      return 'None';
    case CHECK_CRC32:
      return 'CRC32';
    case CHECK_CRC64:
      return 'CRC64';
    case CHECK_SHA256:
      return 'SHA-256';
    default:
      return `reserved check 0x${id.toString(16)}`;
  }
}

/** Filter ids (spec 5.3 and liblzma's lzma/bcj.h, lzma/delta.h). */
export const FILTER_DELTA = 0x03;
export const FILTER_X86 = 0x04;
export const FILTER_POWERPC = 0x05;
export const FILTER_IA64 = 0x06;
export const FILTER_ARM = 0x07;
export const FILTER_ARMTHUMB = 0x08;
export const FILTER_SPARC = 0x09;
export const FILTER_ARM64 = 0x0a;
export const FILTER_RISCV = 0x0b;
export const FILTER_LZMA2 = 0x21;

const FILTER_NAMES: Record<number, string> = {
  [FILTER_DELTA]: 'Delta',
  [FILTER_X86]: 'x86',
  [FILTER_POWERPC]: 'PowerPC',
  [FILTER_IA64]: 'IA-64',
  [FILTER_ARM]: 'ARM',
  [FILTER_ARMTHUMB]: 'ARM-Thumb',
  [FILTER_SPARC]: 'SPARC',
  [FILTER_ARM64]: 'ARM64',
  [FILTER_RISCV]: 'RISC-V',
  [FILTER_LZMA2]: 'LZMA2',
};

export function filterName(id: number): string {
  return FILTER_NAMES[id] ?? `filter 0x${id.toString(16)}`;
}

/**
 * LZMA2 dictionary size from its one-byte property (spec 5.3.1):
 * 40 means 4 GiB - 1, otherwise (2 | (p & 1)) << (p / 2 + 11).
 */
export function lzma2DictSize(prop: number): number {
  if (prop >= 40) return 0xffff_ffff;
  return (2 | (prop & 1)) * 2 ** ((prop >> 1) + 11);
}

/** Smallest LZMA2 property whose dictionary holds at least `bytes`. */
export function lzma2PropFor(bytes: number): number {
  let p = 0;
  while (p < 40 && lzma2DictSize(p) < bytes) p++;
  return p;
}

/**
 * Read a multibyte integer (spec 1.2: 7 bits per byte, low bits first, at most 9 bytes, no
 * trailing zero byte). Returns [value, nextOffset], or [-1, offset] on truncation and
 * [-2, offset] on a malformed or out-of-range value (above 2^53).
 */
export function readVli(b: Uint8Array, o: number, end: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 9; i++) {
    if (o + i >= end) return [-1, o];
    const byte = b[o + i]!;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) {
      if (i > 0 && byte === 0) return [-2, o];
      if (value > Number.MAX_SAFE_INTEGER) return [-2, o];
      return [value, o + i + 1];
    }
    scale *= 128;
  }
  return [-2, o];
}

/** Encode a multibyte integer. */
export function writeVli(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

/** Round up to a multiple of 4 (arithmetic, so offsets above 2^31 stay right). */
export const ceil4 = (n: number): number => n + ((4 - (n % 4)) % 4);

export const mib = (n: number): string =>
  n >= 1 << 20 && n % (1 << 20) === 0
    ? `${n / (1 << 20)} MiB`
    : n >= 1024 && n % 1024 === 0
      ? `${n / 1024} KiB`
      : `${n} B`;
