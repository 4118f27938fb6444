import { describe, expect, it } from 'vitest';
import { uImage } from './uimage';

/** Reference CRC-32 (bitwise), independent of the parser's table-driven one. */
function crc(b: Uint8Array): number {
  let c = ~0;
  for (const x of b) {
    c ^= x;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function make(data: Uint8Array, type = 2, comp = 1, arch = 22, name = 'Linux-6.6'): Uint8Array {
  const b = new Uint8Array(64 + data.length);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, 0x27051956);
  dv.setUint32(12, data.length);
  dv.setUint32(16, 0x80008000);
  dv.setUint32(24, crc(data));
  b[28] = 5;
  b[29] = arch;
  b[30] = type;
  b[31] = comp;
  b.set(new TextEncoder().encode(name), 32);
  b.set(data, 64);
  dv.setUint32(4, crc(b.subarray(0, 64)));
  return b;
}

const data = (n: number, seed = 1): Uint8Array =>
  Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

describe('U-Boot uImage', () => {
  it('reads the header and verifies both CRCs', () => {
    const b = make(data(1000));
    const hit = uImage.probe(b)!;
    expect(hit.label).toBe('U-Boot uImage (kernel, gzip): Linux-6.6');
    expect(hit.length).toBe(1064);
    expect(hit.fields).toMatchObject({
      os: 'Linux',
      arch: 'ARM64',
      type: 'kernel',
      compression: 'gzip',
      'data size': 1000,
      'load address': '0x80008000',
    });
    expect(hit.fields['header CRC']).toMatch(/ ok$/);
    expect(hit.fields['data CRC']).toMatch(/ ok$/);
    const o = uImage.open(b, hit);
    expect(o.regions).toEqual([
      expect.objectContaining({ offset: 64, length: 1000, expect: 'gzip', foundBy: 'header-field' }),
    ]);
    expect(o.facts).toEqual({ arch: 'arm64' });
    expect(o.errors).toEqual([]);
  });

  it.each([
    [0, 'raw'],
    [2, 'bzip2'],
    [3, 'lzma'],
    [4, 'lzo'],
    [5, 'lz4-legacy'],
    [6, 'zstd'],
  ])('maps ih_comp %i to %s', (comp, codec) => {
    const b = make(data(10), 2, comp);
    expect(uImage.open(b, uImage.probe(b)!).regions[0]!.expect).toBe(codec);
  });

  it('leaves an unknown compression to sniffing', () => {
    const b = make(data(10), 2, 42);
    expect(uImage.probe(b)!.fields['compression']).toBe('unknown (42)');
    expect(uImage.open(b, uImage.probe(b)!).regions[0]!.expect).toBeUndefined();
  });

  it('flags a damaged header and damaged data as warnings', () => {
    const b = make(data(100));
    b[64 + 50] = b[64 + 50]! ^ 0xff;
    b[20] = b[20]! ^ 1; // ih_ep
    const hit = uImage.probe(b)!;
    expect(hit.fields['header CRC']).toMatch(/MISMATCH/);
    expect(hit.fields['data CRC']).toMatch(/MISMATCH/);
    const o = uImage.open(b, hit);
    expect(o.errors.map((e) => [e.code, e.offset, e.severity])).toEqual([
      ['corrupt', 4, 'warning'],
      ['corrupt', 64, 'warning'],
    ]);
    expect(o.regions).toHaveLength(1);
  });

  it('clips cut-short data and does not check its CRC', () => {
    const b = make(data(1000)).subarray(0, 500);
    const hit = uImage.probe(b)!;
    expect(hit.fields['data CRC']).toMatch(/not checked/);
    const o = uImage.open(b, hit);
    expect(o.regions[0]).toMatchObject({ offset: 64, length: 436 });
    expect(o.errors).toEqual([expect.objectContaining({ code: 'truncated', offset: 64 })]);
  });

  it('splits a multi-file image; only image 0 gets the compression', () => {
    const parts = [data(1001, 1), data(50, 2), data(7, 3)];
    const list = new Uint8Array(16);
    const dv = new DataView(list.buffer);
    parts.forEach((p, i) => dv.setUint32(i * 4, p.length));
    const padded = parts.map((p, i) =>
      i < parts.length - 1
        ? Uint8Array.from({ length: Math.ceil(p.length / 4) * 4 }, (_, j) => p[j] ?? 0)
        : p,
    );
    const body = new Uint8Array(16 + padded.reduce((a, p) => a + p.length, 0));
    body.set(list);
    let at = 16;
    for (const p of padded) {
      body.set(p, at);
      at += p.length;
    }
    const b = make(body, 4, 1, 2);
    const o = uImage.open(b, uImage.probe(b)!);
    expect(o.regions.map((r) => [r.label, r.offset, r.length, r.expect])).toEqual([
      ['image 0 of 3', 80, 1001, 'gzip'],
      ['image 1 of 3', 80 + 1004, 50, undefined],
      ['image 2 of 3', 80 + 1004 + 52, 7, undefined],
    ]);
    expect(o.errors).toEqual([]);
    expect(o.facts).toEqual({ arch: 'arm' });
  });

  it('reports a multi-file size list with no end', () => {
    const body = new Uint8Array(40).fill(1);
    const b = make(body, 4);
    const o = uImage.open(b, uImage.probe(b)!);
    expect(o.regions).toEqual([]);
    expect(o.errors[0]?.code).toBe('truncated');
    expect(o.scanRest).toBe(true);
  });

  it('reports multi-file images larger than the data', () => {
    const body = new Uint8Array(16);
    new DataView(body.buffer).setUint32(0, 100);
    const b = make(body, 4);
    const o = uImage.open(b, uImage.probe(b)!);
    expect(o.errors.map((e) => e.code)).toContain('corrupt');
  });

  it('rejects the wrong magic and a short header', () => {
    const b = make(data(10));
    expect(uImage.probe(b.subarray(0, 63))).toBeNull();
    b[0] = 0x28;
    expect(uImage.probe(b)).toBeNull();
  });
});
