import { describe, expect, it } from 'vitest';
import { anchorOf, indexOfBytes } from './bytes';
import { findMagics } from './scan';

const naive = (hay: Uint8Array, n: Uint8Array, from = 0): number[] => {
  const out: number[] = [];
  for (let i = from; i + n.length <= hay.length; i++) if (n.every((b, j) => hay[i + j] === b)) out.push(i);
  return out;
};

describe('scanner', () => {
  const magics = [
    new Uint8Array([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]),
    new Uint8Array([0x1f, 0x8b, 0x08]),
    new Uint8Array([0x5d, 0x00, 0x00]),
    new Uint8Array([0x02, 0x21, 0x4c, 0x18]),
    new TextEncoder().encode('IKCFG_ST'),
  ];

  it('anchors on a rare byte', () => {
    expect(anchorOf(new Uint8Array([0x02, 0x21, 0x4c, 0x18]))).toBe(3);
    expect(anchorOf(new Uint8Array([0xfd, 0x37]))).toBe(0);
  });

  it('finds exactly what a naive search finds, at the edges and with overlaps', () => {
    let x = 7;
    for (let round = 0; round < 30; round++) {
      const hay = new Uint8Array(4000);
      for (let i = 0; i < hay.length; i++) {
        x = (x * 1103515245 + 12345) >>> 0;
        hay[i] = (x >>> 16) % 5 === 0 ? 0 : (x >>> 8) & 0xff;
      }
      // Plant magics at the start, the very end and overlapping each other.
      for (const [k, m] of magics.entries()) {
        hay.set(m, (round * 37 + k * 401) % (hay.length - m.length));
      }
      hay.set(magics[2]!, 0);
      hay.set(magics[1]!, hay.length - 3);
      hay.set([0x5d, 0x00, 0x00, 0x00, 0x00], 100);
      for (const m of magics) {
        const want = naive(hay, m);
        const got: number[] = [];
        for (let i = indexOfBytes(hay, m); i >= 0; i = indexOfBytes(hay, m, i + 1)) got.push(i);
        expect(got).toEqual(want);
        expect(indexOfBytes(hay, m, 0, 50)).toBe(want.find((w) => w + m.length <= 50) ?? -1);
      }
      const all = findMagics(
        hay,
        magics.map((magic) => ({ magic })),
      );
      expect(all.map((c) => c.at)).toEqual(magics.flatMap((m) => naive(hay, m)).sort((a, b) => a - b));
    }
  });
});
