import { describe, expect, it } from 'vitest';
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
import { decodeProps, lzma, plausibleDict } from './lzma';

const valid = validOf('lzma');

describe('lzma codec: valid streams', () => {
  it('has the fixtures', () => expect(valid.length).toBeGreaterThanOrEqual(7));

  for (const [name, e] of valid) {
    it(`decodes ${name} byte-exact with the exact consumed length`, async () => {
      const input = read(name);
      const r = await lzma.decode(input, opts);
      expect(r.error).toBeUndefined();
      expect(r.output.length).toBe(e.size);
      expect(sha(r.output)).toBe(e.sha256);
      expect(r.consumed).toBe(e.consumed);
      expect(r.notes.some((n) => TRAILER_NOTE.test(n))).toBe(e.trailer);
      expect(r.fields['end marker']).toBe(e.endMarker ? 'yes' : 'no');
      expect(lzma.probe(input)).not.toBeNull();
    });
  }

  it('kbuild.lzma without its trailer: same output, consumed = whole input, no trailer note', async () => {
    const full = read('kbuild.lzma');
    const e = expected['kbuild.lzma']!;
    const r = await lzma.decode(full.subarray(0, e.consumed), opts);
    expect(sha(r.output)).toBe(e.sha256);
    expect(r.consumed).toBe(e.consumed);
    expect(r.notes.some((n) => TRAILER_NOTE.test(n))).toBe(false);
  });

  it('kbuild.lzma followed by more data than the trailer still stops at the end marker', async () => {
    const full = read('kbuild.lzma');
    const padded = new Uint8Array(full.length + 1000);
    padded.set(full);
    padded.fill(0xab, full.length);
    const r = await lzma.decode(padded, opts);
    expect(r.error).toBeUndefined();
    expect(r.consumed).toBe(expected['kbuild.lzma']!.consumed);
    expect(r.notes.some((n) => TRAILER_NOTE.test(n))).toBe(true);
  });

  it('a wrong size trailer (too small or too large) only affects buffer sizing, not the output', async () => {
    const e = expected['kbuild.lzma']!;
    const stream = read('kbuild.lzma').subarray(0, e.consumed);
    for (const bogus of [150_000, 5_000_000]) {
      const input = new Uint8Array(stream.length + 4);
      input.set(stream);
      new DataView(input.buffer).setUint32(stream.length, bogus, true);
      const r = await lzma.decode(input, opts);
      expect(r.error).toBeUndefined();
      expect(sha(r.output)).toBe(e.sha256);
      expect(r.consumed).toBe(e.consumed);
      expect(r.notes.some((n) => TRAILER_NOTE.test(n))).toBe(false);
      expect(r.output.buffer.byteLength).toBeLessThan(e.size * 1.5); // no 5 MB buffer kept around
    }
  });

  it('unknown size, no end marker, no trailer: stops cleanly at the input end', async () => {
    const e = expected['unknown-nomarker-trailer.lzma']!;
    const input = read('unknown-nomarker-trailer.lzma').subarray(0, e.consumed);
    const r = await lzma.decode(input, opts);
    expect(r.error).toBeUndefined();
    expect(sha(r.output)).toBe(e.sha256);
    expect(r.consumed).toBe(input.length);
    expect(r.notes.join(' ')).toMatch(/where the input ends/);
  });

  it('reports the header fields', async () => {
    const r = await lzma.decode(read('vendor-6d.lzma'), opts);
    expect(r.fields).toMatchObject({
      lc: 1,
      lp: 2,
      pb: 2,
      dictionary: '3 MiB',
      'uncompressed size': 'unknown',
    });
    const k = await lzma.decode(read('known-size.lzma'), opts);
    expect(k.fields['uncompressed size']).toBe(expected['known-size.lzma']!.size);
  });

  it('reports progress in ~1 MiB steps, monotonically', async () => {
    const seen: [number, number][] = [];
    const r = await lzma.decode(read('big-repeat.lzma'), {
      ...opts,
      onProgress: (i, o) => seen.push([i, o]),
    });
    expect(r.error).toBeUndefined();
    expect(seen.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]![0]).toBeGreaterThanOrEqual(seen[i - 1]![0]);
      expect(seen[i]![1]).toBeGreaterThan(seen[i - 1]![1]);
    }
    expect(seen.at(-1)).toEqual([r.consumed, r.output.length]);
  });
});

describe('lzma codec: damage', () => {
  it('truncation of a known-size stream without end marker (half.lzma)', async () => {
    const ref = await truth(lzma, 'known-size.lzma');
    const r = await lzma.decode(read('half.lzma'), opts);
    expect(r.error?.code).toBe('truncated');
    expect(r.output.length).toBeGreaterThan(ref.length / 3);
    expect(isPrefix(r.output, ref)).toBe(true);
  });

  it('a flipped bit gives an error (or different data), never a throw', async () => {
    const e = expected['flip.lzma']!;
    const r = await lzma.decode(read('flip.lzma'), opts);
    expect(r.error !== undefined || sha(r.output) !== e.sha256).toBe(true);
    expect(r.error?.code).toBe('corrupt');
    expect(r.error?.offset).toBeGreaterThan(13);
  });

  it('many bit flips: always returns, errors are typed', async () => {
    const base = read('known-size.lzma');
    const rnd = seeded(42);
    for (let i = 0; i < 40; i++) {
      const b = base.slice();
      const at = 14 + Math.floor(rnd() * (b.length - 14));
      b[at]! ^= 1 << Math.floor(rnd() * 8);
      const r = await lzma.decode(b, opts);
      if (r.error) expect(['corrupt', 'truncated']).toContain(r.error.code);
      expect(r.output.length).toBeLessThanOrEqual(expected['known-size.lzma']!.size);
    }
  });

  it('header problems', async () => {
    const short = await lzma.decode(new Uint8Array([0x5d, 0, 0, 0]), opts);
    expect(short.error).toMatchObject({ code: 'truncated', offset: 4 });
    const bad = read('kbuild.lzma').slice();
    bad[0] = 225;
    expect((await lzma.decode(bad, opts)).error?.code).toBe('corrupt');
    expect(lzma.probe(bad)).toBeNull();
    const nz = read('kbuild.lzma').slice();
    nz[13] = 1;
    expect((await lzma.decode(nz, opts)).error).toMatchObject({ code: 'corrupt', offset: 13 });
    expect(lzma.probe(nz)).toBeNull();
  });

  it('a declared size smaller than the data: output stops at the size, with a warning', async () => {
    const b = read('known-size.lzma').slice();
    const ref = await truth(lzma, 'known-size.lzma');
    const size = 100_000;
    new DataView(b.buffer).setUint32(5, size, true);
    const r = await lzma.decode(b, opts);
    expect(r.output.length).toBe(size);
    expect(isPrefix(r.output, ref)).toBe(true);
    expect(r.error).toMatchObject({ code: 'corrupt', severity: 'warning' });
  });

  it('a huge declared size over a tiny input: no huge allocation, a quick truncated error', async () => {
    const b = read('known-size.lzma').slice(0, 200);
    new DataView(b.buffer).setUint32(9, 0x7f, true); // 2^38.99 bytes declared
    const r = await lzma.decode(b, { maxOutput: 2 ** 31 });
    expect(r.error?.code).toBe('truncated');
    expect(r.output.length).toBeGreaterThan(0);
    expect(r.output.buffer.byteLength).toBeLessThanOrEqual(1 << 16);
  });

  it('an end marker before the declared size is an error', async () => {
    const b = read('known-size-marker.lzma').slice();
    const e = expected['known-size-marker.lzma']!;
    new DataView(b.buffer).setUint32(5, e.size + 10, true);
    const r = await lzma.decode(b, opts);
    expect(sha(r.output)).toBe(e.sha256);
    expect(r.error?.code).toBe('corrupt');
  });
});

describe('lzma probe', () => {
  it('accepts the kernel props rule, not only 5D', () => {
    expect(decodeProps(0x5d)).toEqual({ lc: 3, lp: 0, pb: 2 });
    expect(decodeProps(0x6d)).toEqual({ lc: 1, lp: 2, pb: 2 });
    expect(decodeProps(225)).toBeNull();
    expect(lzma.probe(read('vendor-6d.lzma'))).toMatchObject({ lc: 1, lp: 2, pb: 2 });
    expect(Array.from(lzma.magic)).toEqual([0x5d, 0, 0]);
  });

  it('dictionary sizes: 2^n and 2^n + 2^(n-1) within 4 KiB … 1.5 GiB', () => {
    for (const d of [4096, 65536, 3 << 20, 64 << 20, 0x60000000]) expect(plausibleDict(d)).toBe(true);
    for (const d of [0, 4095, 2048, 5 << 20, 0x80000000, 0xffffffff, 100_000])
      expect(plausibleDict(d)).toBe(false);
  });

  it('rejects random bytes that start with the magic; decoding them never throws or hangs', async () => {
    const rnd = seeded(0xdecaf);
    let hits = 0;
    const codes = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const b = new Uint8Array(32);
      for (let j = 3; j < 32; j++) b[j] = Math.floor(rnd() * 256);
      b[0] = 0x5d;
      if (lzma.probe(b)) hits++;
      const r = await lzma.decode(b, { maxOutput: 1 << 20 });
      if (r.error) codes.add(r.error.code);
      expect(r.output.length).toBeLessThanOrEqual(1 << 20);
    }
    expect(hits / 10_000).toBeLessThan(0.001);
    for (const c of codes) expect(['truncated', 'corrupt', 'too-large']).toContain(c);
  });

  it('random data behind a plausible header decodes to an error, not a hang', async () => {
    const rnd = seeded(7);
    for (let i = 0; i < 300; i++) {
      const b = new Uint8Array(18 + Math.floor(rnd() * 4000));
      for (let j = 14; j < b.length; j++) b[j] = Math.floor(rnd() * 256);
      b.set([Math.floor(rnd() * 225), 0, 0, 0x80, 0], 0); // any props, 8 MiB dictionary
      b.fill(0xff, 5, 13);
      expect(lzma.probe(b)).not.toBeNull();
      const r = await lzma.decode(b, { maxOutput: 1 << 22 });
      expect(r.error, `case ${i}`).toBeDefined();
      // 'unsupported': liblzma decodes lc + lp <= 4 only (every lzma encoder's range).
      expect(['truncated', 'corrupt', 'too-large', 'unsupported']).toContain(r.error!.code);
    }
  });
});
