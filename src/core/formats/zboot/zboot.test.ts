import { describe, expect, it } from 'vitest';
import { zboot } from './zboot';

function make(comp: string, offset = 0x100, size = 0x80, total = 0x200): Uint8Array {
  const b = new Uint8Array(total);
  const dv = new DataView(b.buffer);
  b.set([0x4d, 0x5a], 0);
  b.set(new TextEncoder().encode('zimg'), 4);
  dv.setUint32(8, offset, true);
  dv.setUint32(12, size, true);
  b.set(new TextEncoder().encode(comp), 0x18);
  if (offset + size + 4 <= total) dv.setUint32(offset + size, 0x123456, true); // size trailer (non-gzip)
  if (offset + size <= total) dv.setUint32(offset + size - 4, 0xabcdef, true); // gzip ISIZE
  return b;
}

describe('EFI zboot', () => {
  it.each([
    ['gzip', 'gzip'],
    ['zstd', 'zstd'],
    ['zstd22', 'zstd'],
    ['lzma', 'lzma'],
    ['lzo', 'lzo'],
    ['lz4', 'lz4-legacy'],
    ['xzkern', 'xz'],
  ])('maps comp type "%s" to %s', (comp, codec) => {
    const b = make(comp);
    const hit = zboot.probe(b)!;
    expect(hit.label).toBe(`EFI zboot image (${comp})`);
    const o = zboot.open(b, hit);
    expect(o.regions).toEqual([
      expect.objectContaining({ offset: 0x100, length: 0x80, expect: codec, foundBy: 'header-field' }),
    ]);
    expect(o.errors).toEqual([]);
  });

  it('reads the size trailer after the payload (or gzip ISIZE inside it)', () => {
    expect(zboot.probe(make('zstd'))!.fields['uncompressed size (trailer)']).toBe(0x123456);
    expect(zboot.probe(make('gzip'))!.fields['uncompressed size (trailer)']).toBe(0xabcdef);
  });

  it('sniffs an unknown comp type', () => {
    const b = make('brotli');
    const hit = zboot.probe(b)!;
    expect(hit.notes[0]).toMatch(/Unknown compression type "brotli"/);
    expect(zboot.open(b, hit).regions[0]!.expect).toBeUndefined();
  });

  it('clips a payload past EOF', () => {
    const b = make('gzip', 0x100, 0x1000, 0x180);
    const o = zboot.open(b, zboot.probe(b)!);
    expect(o.regions[0]).toMatchObject({ offset: 0x100, length: 0x80 });
    expect(o.errors[0]).toMatchObject({ code: 'truncated', offset: 0x100 });
  });

  it('rejects impossible payloads as corrupt', () => {
    const b = make('gzip', 0x10, 0x20);
    const o = zboot.open(b, zboot.probe(b)!);
    expect(o.regions).toEqual([]);
    expect(o.errors[0]?.code).toBe('corrupt');
    expect(o.scanRest).toBe(true);
  });

  it('takes the architecture from the PE header', () => {
    const b = make('gzip');
    const dv = new DataView(b.buffer);
    dv.setUint32(0x3c, 0x40, true);
    b.set([0x50, 0x45, 0, 0], 0x40);
    dv.setUint16(0x44, 0x5064, true);
    const hit = zboot.probe(b)!;
    expect(hit.fields['PE machine']).toBe('RISC-V 64');
    expect(zboot.open(b, hit).facts).toEqual({ arch: 'riscv' });
  });

  it('needs both "MZ" and "zimg"', () => {
    const b = make('gzip');
    b[5] = 0;
    expect(zboot.probe(b)).toBeNull();
    expect(zboot.probe(make('gzip').subarray(0, 0x3f))).toBeNull();
  });
});
