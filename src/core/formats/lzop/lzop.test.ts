import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  expected,
  read,
  sha,
  opts,
  TRAILER_NOTE,
  truth,
  isPrefix,
  seeded,
  validOf,
} from '../../../../test/kit/lzma-lzo-fixtures';
import { setOutputArena } from '../kit/codec-kit';
import { crc32 } from '../kit/crc32';
import { adler32, lzo } from './lzop';

const valid = validOf('lzo');
afterEach(() => setOutputArena(null));

/** Offset of the first block in an lzop file written by lzop 1.04 (no filter, no extra field). */
function headerEnd(b: Uint8Array): number {
  return 9 + 16 + 8 + 1 + b[9 + 16 + 8]! + 4;
}

describe('checksums', () => {
  it('match zlib and the Adler-32 definition', () => {
    const rnd = seeded(3);
    const b = new Uint8Array(100_003).map(() => Math.floor(rnd() * 256));
    expect(crc32(b, 0, b.length)).toBe(zlib.crc32(b));
    expect(crc32(b, 5, 17)).toBe(zlib.crc32(b.subarray(5, 17)));
    expect(crc32(b, 0, 0)).toBe(0);
    const ref = (x: Uint8Array): number => {
      let s1 = 1;
      let s2 = 0;
      for (const c of x) {
        s1 = (s1 + c) % 65521;
        s2 = (s2 + s1) % 65521;
      }
      return ((s2 << 16) | s1) >>> 0;
    };
    expect(adler32(b, 0, b.length)).toBe(ref(b));
    expect(adler32(b, 7, 40_001)).toBe(ref(b.subarray(7, 40_001)));
    expect(adler32(new Uint8Array(0), 0, 0)).toBe(1);
    const ff = new Uint8Array(20_000).fill(0xff); // worst case for the deferred modulo
    expect(adler32(ff, 0, ff.length)).toBe(ref(ff));
  });
});

describe('lzop codec: valid files', () => {
  it('has the fixtures', () => expect(valid.length).toBeGreaterThanOrEqual(8));

  for (const [name, e] of valid) {
    it(`decodes ${name} byte-exact with the exact consumed length`, async () => {
      const input = read(name);
      const r = await lzo.decode(input, opts);
      expect(r.error).toBeUndefined();
      expect(r.output.length).toBe(e.size);
      expect(sha(r.output)).toBe(e.sha256);
      expect(r.consumed).toBe(e.consumed);
      expect(r.fields.blocks).toBe(e.blocks);
      expect(r.notes.some((n) => TRAILER_NOTE.test(n))).toBe(e.trailer);
      expect(lzo.probe(input)).not.toBeNull();
    });
  }

  it('reports the header fields', async () => {
    const k = await lzo.decode(read('kbuild.lzo'), opts);
    expect(k.fields).toMatchObject({
      method: 'LZO1X-999',
      level: 9,
      checksums: 'Adler-32',
      name: 'data.bin',
      version: '0x1040',
    });
    expect(k.fields.mtime).toBe('2024-01-02T03:04:05.000Z');
    expect((await lzo.decode(read('crc32.lzo'), opts)).fields.checksums).toBe('CRC-32');
    expect((await lzo.decode(read('nocheck.lzo'), opts)).fields.checksums).toBe('none');
    expect((await lzo.decode(read('filter3.lzo'), opts)).fields.filter).toBe(3);
    const all = await lzo.decode(read('crafted-extra-cchk.lzo'), opts);
    expect(all.fields).toMatchObject({ checksums: 'Adler-32 + CRC-32', 'extra field': '5 bytes' });
    expect((await lzo.decode(read('crafted-v0930.lzo'), opts)).fields.version).toBe('0x0930');
  });

  it('progress in ~1 MiB steps; the last report is the whole stream', async () => {
    const seen: [number, number][] = [];
    const r = await lzo.decode(read('big-repeat.lzo'), { ...opts, onProgress: (i, o) => seen.push([i, o]) });
    expect(r.error).toBeUndefined();
    expect(seen.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < seen.length; i++) expect(seen[i]![1]).toBeGreaterThanOrEqual(seen[i - 1]![1]);
    expect(seen.at(-1)).toEqual([r.consumed, r.output.length]);
  });

  it("decodes into the platform's output arena when it lends the memory (pages touched ahead)", async () => {
    const lent: Uint8Array[] = [];
    setOutputArena({ take: (n) => (lent.push(new Uint8Array(n)), lent.at(-1)!) });
    const want = expected['big-repeat.lzo']!;
    const r = await lzo.decode(read('big-repeat.lzo'), opts);
    expect(r.error).toBeUndefined();
    expect(lent.map((b) => b.length)).toEqual([want.size]); // the one exact allocation
    expect(r.output.buffer).toBe(lent[0]!.buffer);
    expect(sha(r.output)).toBe(want.sha256);
  });

  it('notes a following lzop stream? no: consumed stops at the end marker', async () => {
    const a = read('nocheck.lzo');
    const two = new Uint8Array(a.length * 2);
    two.set(a);
    two.set(a, a.length);
    const r = await lzo.decode(two, opts);
    expect(r.consumed).toBe(a.length);
    expect(sha(r.output)).toBe(expected['nocheck.lzo']!.sha256);
  });
});

describe('lzop codec: damage', () => {
  it('a truncated filtered file keeps a true (unfiltered) prefix', async () => {
    const ref = await truth(lzo, 'filter3.lzo');
    const full = read('filter3.lzo');
    for (const cut of [2000, 30_000, full.length - 10]) {
      const r = await lzo.decode(full.slice(0, cut), opts);
      expect(r.error?.code).toBe('truncated');
      expect(r.output.length).toBeGreaterThan(0);
      expect(isPrefix(r.output, ref), `cut ${cut}`).toBe(true);
    }
  });

  it('half.lzo: truncated inside a block, partial block kept', async () => {
    const ref = await truth(lzo, 'crc32.lzo');
    const r = await lzo.decode(read('half.lzo'), opts);
    expect(r.error).toMatchObject({ code: 'truncated', offset: read('half.lzo').length });
    expect(r.output.length).toBeGreaterThan(1000);
    expect(isPrefix(r.output, ref)).toBe(true);
  });

  it('flip.lzo: the CRC-32 check catches the flipped bit', async () => {
    const r = await lzo.decode(read('flip.lzo'), opts);
    expect(r.error?.code).toBe('corrupt');
    expect(r.error?.message).toMatch(/checksum/);
    expect(isPrefix(r.output, await truth(lzo, 'crc32.lzo'))).toBe(true);
  });

  it('bit flips after the header: typed errors, output always a true prefix (checksums)', async () => {
    const base = read('kbuild.lzo');
    const ref = await truth(lzo, 'kbuild.lzo');
    const start = headerEnd(base);
    const rnd = seeded(99);
    let errors = 0;
    for (let i = 0; i < 60; i++) {
      const b = base.slice();
      const at = start + Math.floor(rnd() * (expected['kbuild.lzo']!.consumed! - start));
      b[at]! ^= 1 << Math.floor(rnd() * 8);
      const r = await lzo.decode(b, opts);
      // Either an error, or the flip did not change the data (e.g. another distance into a run
      // of equal bytes): the Adler-32 checks never let wrong data through.
      if (r.error) expect(['corrupt', 'truncated']).toContain(r.error.code);
      else expect(sha(r.output), `flip at ${at}`).toBe(expected['kbuild.lzo']!.sha256);
      expect(isPrefix(r.output, ref), `flip at ${at}`).toBe(true);
      if (r.error) errors++;
    }
    expect(errors).toBeGreaterThan(50);
  });

  it('without checksums a flip can only give wrong data or an error, never a throw', async () => {
    const base = read('nocheck.lzo');
    const rnd = seeded(5);
    for (let i = 0; i < 60; i++) {
      const b = base.slice();
      b[headerEnd(base) + Math.floor(rnd() * (b.length - headerEnd(base)))]! ^= 1 << Math.floor(rnd() * 8);
      const r = await lzo.decode(b, opts);
      expect(r.output.length).toBeLessThanOrEqual(expected['nocheck.lzo']!.size + (1 << 18));
      if (r.error) expect(['corrupt', 'truncated', 'unsupported']).toContain(r.error.code);
    }
  });

  it('blocks that claim 64 MiB each do not make a huge allocation', async () => {
    const a = read('nocheck.lzo');
    const start = headerEnd(a);
    const b = new Uint8Array(start + 10 * 9 + 4);
    b.set(a.subarray(0, start));
    const dv = new DataView(b.buffer);
    for (let i = 0; i < 10; i++) {
      dv.setUint32(start + i * 9, 64 << 20); // dst_len
      dv.setUint32(start + i * 9 + 4, 1); // src_len, then 1 byte of "LZO1X"
    }
    const r = await lzo.decode(b, opts);
    expect(r.error?.code).toBe('corrupt');
    expect(r.output.buffer.byteLength).toBeLessThan(1 << 16);
  });

  it('a bad header checksum is a warning; the data still decodes', async () => {
    const b = read('nocheck.lzo').slice();
    b[headerEnd(b) - 5]! ^= 0x20; // a letter of the file name
    const r = await lzo.decode(b, opts);
    expect(r.error).toMatchObject({ code: 'corrupt', severity: 'warning' });
    expect(sha(r.output)).toBe(expected['nocheck.lzo']!.sha256);
    expect(lzo.probe(b)).toBeNull();
  });

  it('unsupported method and filter', async () => {
    const b = read('nocheck.lzo').slice();
    b[15] = 0x1a; // NRV1A, with a fixed header checksum
    const end = headerEnd(b) - 4;
    new DataView(b.buffer).setUint32(end, adler32(b, 9, end));
    expect(lzo.probe(b)).toBeNull();
    expect((await lzo.decode(b, opts)).error?.code).toBe('unsupported');
  });
});

describe('lzop probe', () => {
  it('rejects random bytes that start with the magic; decoding them never throws', async () => {
    const rnd = seeded(0xbeef);
    let hits = 0;
    for (let i = 0; i < 10_000; i++) {
      const b = new Uint8Array(64);
      for (let j = 9; j < 64; j++) b[j] = Math.floor(rnd() * 256);
      b.set(lzo.magic, 0);
      if (lzo.probe(b)) hits++;
      const r = await lzo.decode(b, { maxOutput: 1 << 20 });
      expect(r.error).toBeDefined();
    }
    expect(hits).toBe(0);
  });

  it('rejects bytes without the magic', () => {
    expect(lzo.probe(new Uint8Array(100))).toBeNull();
    expect(lzo.probe(read('kbuild.lzo').subarray(0, 30))).toBeNull();
  });
});
