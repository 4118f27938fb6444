import { describe, expect, it } from 'vitest';
import { lzma2DictSize, lzma2PropFor, readVli, writeVli } from './format';
import { walkLzma2 } from './lzma2-walk';

/** LZMA2 data made of stored chunks (control 0x01 first, then 0x02), with the end marker. */
function storedChunks(parts: Uint8Array[], endMarker = true): Uint8Array {
  const bytes: number[] = [];
  parts.forEach((p, i) => bytes.push(i === 0 ? 1 : 2, (p.length - 1) >> 8, (p.length - 1) & 0xff, ...p));
  if (endMarker) bytes.push(0);
  return Uint8Array.from(bytes);
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('multibyte integers and dictionary sizes', () => {
  it('round-trips and rejects malformed values', () => {
    for (const v of [0, 1, 127, 128, 16383, 16384, 2 ** 32, 2 ** 53 - 1]) {
      const b = Uint8Array.from(writeVli(v));
      expect(readVli(b, 0, b.length)).toEqual([v, b.length]);
    }
    expect(readVli(Uint8Array.of(0x80, 0x00), 0, 2)[0]).toBe(-2); // not minimal
    expect(readVli(Uint8Array.of(0x80, 0x80), 0, 2)[0]).toBe(-1); // cut
    expect(readVli(new Uint8Array(10).fill(0xff), 0, 10)[0]).toBe(-2); // too long
  });

  it('maps LZMA2 dictionary properties', () => {
    expect(lzma2DictSize(0)).toBe(4096);
    expect(lzma2DictSize(22)).toBe(8 << 20);
    expect(lzma2DictSize(26)).toBe(32 << 20);
    expect(lzma2DictSize(28)).toBe(64 << 20);
    expect(lzma2DictSize(40)).toBe(0xffffffff);
    expect(lzma2PropFor(150_000)).toBe(11); // 3 << 16 = 192 KiB
    expect(lzma2DictSize(lzma2PropFor(64 << 20))).toBe(64 << 20);
  });
});

describe('LZMA2 chunk walk', () => {
  it('finds sizes without decoding', () => {
    const d = storedChunks([text('hello '), text('world')]);
    const w = walkLzma2(d, 0, d.length);
    expect(w).toMatchObject({ complete: true, end: d.length, uncompressed: 11 });
    expect(w.chunkOutEnds).toEqual([6, 11]);
  });

  it('stops at the last complete chunk when cut', () => {
    const d = storedChunks([text('hello '), text('world')]);
    const w = walkLzma2(d, 0, d.length - 3);
    expect(w).toMatchObject({ complete: false, end: 9, uncompressed: 6, problem: { kind: 'truncated' } });
  });

  it('rejects invalid control bytes and a first chunk without a dictionary reset', () => {
    expect(walkLzma2(Uint8Array.of(0x03, 0, 0), 0, 3).problem?.kind).toBe('corrupt');
    expect(walkLzma2(Uint8Array.of(0x02, 0, 0, 0x41, 0), 0, 5).problem?.kind).toBe('corrupt');
    // An LZMA chunk that resets state but has never had properties.
    expect(walkLzma2(Uint8Array.of(0x01, 0, 0, 0x41, 0xa0, 0, 0, 0, 0), 0, 9).problem?.kind).toBe('corrupt');
    // Properties byte with lc + lp > 4.
    expect(walkLzma2(Uint8Array.of(0xe0, 0, 0, 0, 0, 4 * 9 + 1), 0, 6).problem?.message).toMatch(
      /properties/,
    );
  });
});
