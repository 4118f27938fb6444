import { describe, expect, it } from 'vitest';
import { zImage } from './zimage';

function make(le: boolean, start: number, end: number, total: number): Uint8Array {
  const b = new Uint8Array(total);
  const dv = new DataView(b.buffer);
  for (let i = 0; i < 8; i++) dv.setUint32(i * 4, 0xe1a00000, le);
  dv.setUint32(0x24, 0x016f2818, le);
  dv.setUint32(0x28, start, le);
  dv.setUint32(0x2c, end, le);
  dv.setUint32(0x30, 0x04030201, le);
  return b;
}

describe('ARM zImage', () => {
  it('reads a little-endian header', () => {
    const b = make(true, 0, 0x800, 0x800);
    const hit = zImage.probe(b)!;
    expect(hit.label).toBe('ARM zImage (little-endian)');
    expect(hit.length).toBe(0x800);
    expect(hit.fields).toMatchObject({
      endianness: 'little-endian',
      start: '0x0',
      end: '0x800',
      size: 0x800,
      'endianness probe': '0x04030201',
    });
    const o = zImage.open(b, hit);
    expect(o).toEqual({ regions: [], errors: [], facts: { arch: 'arm' }, scanRest: true });
  });

  it('reads a big-endian header (magic stored byte-swapped)', () => {
    const b = make(false, 0x10000, 0x10900, 0x900);
    expect([...b.subarray(0x24, 0x28)]).toEqual([0x01, 0x6f, 0x28, 0x18]);
    const hit = zImage.probe(b)!;
    expect(hit.fields).toMatchObject({ endianness: 'big-endian', size: 0x900 });
  });

  it('notes an appended DTB', () => {
    const b = new Uint8Array(0x900);
    b.set(make(true, 0, 0x800, 0x800));
    b.set([0xd0, 0x0d, 0xfe, 0xed], 0x800);
    expect(zImage.probe(b)!.notes.join(' ')).toMatch(/device tree.*2048/);
  });

  it('reports a file shorter than the header says', () => {
    const b = make(true, 0, 0x2000, 0x400);
    const o = zImage.open(b, zImage.probe(b)!);
    expect(o.errors[0]).toMatchObject({ code: 'truncated', offset: 0x400 });
  });

  it('rejects end <= start, a wrong magic and short input', () => {
    expect(zImage.probe(make(true, 0x800, 0x800, 0x100))).toBeNull();
    const bad = make(true, 0, 0x100, 0x100);
    bad[0x24] = bad[0x24]! ^ 1;
    expect(zImage.probe(bad)).toBeNull();
    expect(zImage.probe(make(true, 0, 0x100, 0x100).subarray(0, 0x2f))).toBeNull();
  });
});
