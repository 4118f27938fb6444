import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { seeded } from '../../../../test/kit/lzma-lzo-fixtures';
import { LzoStatus, lzo1xDecompress } from './lzo1x';

const dir = fileURLToPath(new URL('../../../../test/fixtures/lzma-lzo/', import.meta.url));

function run(src: number[] | Uint8Array, cap = 1000) {
  const s = Uint8Array.from(src);
  const d = new Uint8Array(cap);
  const r = lzo1xDecompress(s, 0, s.length, d, 0, cap);
  return { ...r, text: Buffer.from(d.subarray(0, r.outPos)).toString('latin1') };
}

const EOS = [0x11, 0x00, 0x00];
const lit = (s: string): number[] => [...Buffer.from(s, 'latin1')];

/** The compressed blocks of an lzop file (flags 0x03000009: one Adler-32 per block). */
function blocks(file: Uint8Array): { src: Uint8Array; dstLen: number }[] {
  const be = (o: number): number => new DataView(file.buffer, file.byteOffset).getUint32(o);
  let o = 9 + 24;
  o += 1 + file[o]! + 4;
  const out: { src: Uint8Array; dstLen: number }[] = [];
  for (;;) {
    const dst = be(o);
    if (dst === 0) return out;
    const src = be(o + 4);
    o += 12;
    if (src < dst) out.push({ src: file.subarray(o, o + src), dstLen: dst });
    o += src;
  }
}

describe('lzo1x: hand-made streams (Documentation/staging/lzo.rst)', () => {
  it('the empty stream is just the end marker', () => {
    expect(run(EOS)).toMatchObject({ status: LzoStatus.Ok, outPos: 0, inPos: 3 });
  });

  it('a first byte above 17 is a literal run', () => {
    expect(run([17 + 3, ...lit('abc'), ...EOS]).text).toBe('abc');
    expect(run([17 + 5, ...lit('hello'), ...EOS]).text).toBe('hello');
  });

  it('literal run (state 0), then a 32..63 match that overlaps itself', () => {
    // 0x01: 4 literals; 0x20|L with L = 6 -> len 8, LE16 = (dist-1) << 2 with dist 4.
    expect(run([0x01, ...lit('abcd'), 0x26, 3 << 2, 0, ...EOS]).text).toBe('abcdabcdabcd');
  });

  it('64..255 match with trailing literals (S bits), then a 2-byte M1 match in state 1..3', () => {
    // 0x02: 5 literals "abcde". Match 0x40|(D<<2)|S: len 3, dist 5 (D=4, H=0), S = 1 literal "x".
    // State 1: next 0..15 byte is a 2-byte match, dist = (t>>2) + (H<<2) + 1: t = 1<<2 (dist 2), S = 0.
    const r = run([0x02, ...lit('abcde'), 0x40 | (4 << 2) | 1, 0, ...lit('x'), 1 << 2, 0, ...EOS]);
    expect(r.status).toBe(LzoStatus.Ok);
    expect(r.text).toBe('abcdeabcxcx');
  });

  it('a 0..15 byte after a literal run of 4+ is a 3-byte match at distance 2049+', () => {
    const run1 = 'q'.repeat(2049 - 4) + 'WXYZ'; // 2049 bytes so far
    // literal run: 0 then zero-run length: len = 3 + 15 + byte -> byte = 2049 - 18 = 2031 = 255*7 + 246
    const lenBytes = [0, 0, 0, 0, 0, 0, 0, 0, 246]; // first 0 = opcode, then 7 zero bytes, then 246
    const r = run([...lenBytes, ...lit(run1), 0x00, 0x00, ...EOS], 4000);
    expect(r.status).toBe(LzoStatus.Ok);
    // distance 2049 from position 2049 is position 0: "qqq"
    expect(r.text).toBe(run1 + 'qqq');
  });

  it('a 16..31 match reaches 16 KiB+ back', () => {
    const body = 'A' + 'z'.repeat(16383) + 'B'; // 16385 bytes; position 0 is 'A', 16384 back from the end is 'z'...
    // literal run of 16385: 0, zero-run n, byte -> 3 + 15 + 255n + b = 16385
    const n = Math.floor((16385 - 18) / 255);
    const b = 16385 - 18 - 255 * n;
    expect(b).toBeGreaterThan(0);
    // M4: 0x10 | H<<3 | L with L = 1 -> len 3; distance 16384 + (LE16 >> 2) = 16385 -> LE16 = 1 << 2.
    const r = run([0, ...new Array(n).fill(0), b, ...lit(body), 0x11, 1 << 2, 0, ...EOS], 20_000);
    expect(r.status).toBe(LzoStatus.Ok);
    expect(r.text).toBe(body + 'Azz');
  });

  it('errors: look-behind, output overrun, input overrun, early end marker', () => {
    expect(run([0x11, 4, 0, ...EOS]).status).toBe(LzoStatus.LookbehindOverrun); // match at output 0
    expect(run([17 + 1, ...lit('a'), 0x20 | 1, 4 << 2, 0, ...EOS]).status).toBe(LzoStatus.LookbehindOverrun);
    expect(run([17 + 5, ...lit('hello'), ...EOS], 3).status).toBe(LzoStatus.OutputOverrun);
    expect(run([17 + 5, ...lit('hel')]).status).toBe(LzoStatus.InputOverrun);
    expect(run([0x01, ...lit('abcd')]).status).toBe(LzoStatus.InputOverrun); // no end marker
    expect(run([0x01, ...lit('abcd'), 0x26, 3 << 2]).status).toBe(LzoStatus.InputOverrun); // cut LE16
    expect(run([0x00, 0, 0, 0]).status).toBe(LzoStatus.InputOverrun); // endless zero-run
    expect(run([...EOS, 0]).status).toBe(LzoStatus.InputNotConsumed);
    expect(run([]).status).toBe(LzoStatus.InputOverrun);
  });
});

describe('lzo1x: robustness', () => {
  it('random input never throws, never writes out of bounds, always returns', () => {
    const rnd = seeded(1);
    const dst = new Uint8Array(4096 + 16);
    for (let i = 0; i < 20_000; i++) {
      const src = new Uint8Array(1 + Math.floor(rnd() * 200)).map(() => Math.floor(rnd() * 256));
      dst.fill(0xee, 4096);
      const r = lzo1xDecompress(src, 0, src.length, dst, 0, 4096);
      expect(r.outPos).toBeLessThanOrEqual(4096);
      expect(r.inPos).toBeLessThanOrEqual(src.length);
      expect(dst.subarray(4096).every((x) => x === 0xee)).toBe(true);
    }
  });

  it('real lzop -9 blocks: decode exactly; mutated copies fail safely', () => {
    const bl = blocks(new Uint8Array(fs.readFileSync(dir + 'kbuild.lzo')));
    expect(bl.length).toBe(3);
    const rnd = seeded(2);
    for (const { src, dstLen } of bl) {
      const dst = new Uint8Array(dstLen);
      expect(lzo1xDecompress(src, 0, src.length, dst, 0, dstLen)).toMatchObject({
        status: LzoStatus.Ok,
        outPos: dstLen,
        inPos: src.length,
      });
      for (let i = 0; i < 100; i++) {
        const m = src.slice();
        m[Math.floor(rnd() * m.length)] = Math.floor(rnd() * 256);
        const r = lzo1xDecompress(m, 0, m.length, dst, 0, dstLen);
        expect(r.outPos).toBeLessThanOrEqual(dstLen);
        expect(r.inPos).toBeLessThanOrEqual(m.length);
      }
      // Cut short: input overrun, and every byte written is right.
      const cut = lzo1xDecompress(src, 0, src.length >> 1, new Uint8Array(dstLen), 0, dstLen);
      expect(cut.status).toBe(LzoStatus.InputOverrun);
    }
  });

  it('decodes into the middle of a larger buffer and refuses matches before dStart', () => {
    const s = Uint8Array.from([0x01, ...lit('abcd'), 0x26, 3 << 2, 0, ...EOS]);
    const d = new Uint8Array(100).fill(7);
    const r = lzo1xDecompress(s, 0, s.length, d, 50, 100);
    expect(r).toMatchObject({ status: LzoStatus.Ok, outPos: 62 });
    expect(Buffer.from(d.subarray(50, 62)).toString()).toBe('abcdabcdabcd');
    const far = Uint8Array.from([0x01, ...lit('abcd'), 0x26, 10 << 2, 0, ...EOS]); // distance 11 > 4 written
    expect(lzo1xDecompress(far, 0, far.length, d, 50, 100).status).toBe(LzoStatus.LookbehindOverrun);
  });
});
