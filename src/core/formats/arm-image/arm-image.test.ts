import { describe, expect, it } from 'vitest';
import { arm64Image, riscvImage } from './arm-image';

function header(
  magicAt: number,
  magic: string,
  flags: bigint,
  extra?: (dv: DataView, b: Uint8Array) => void,
): Uint8Array {
  const b = new Uint8Array(4096);
  const dv = new DataView(b.buffer);
  dv.setBigUint64(8, 0x80000n, true);
  dv.setBigUint64(16, 0x1234000n, true);
  dv.setBigUint64(24, flags, true);
  b.set(new TextEncoder().encode(magic), magicAt);
  extra?.(dv, b);
  return b;
}

describe('arm64 Image', () => {
  it('decodes image_size, text_offset and the flags', () => {
    const b = header(0x38, 'ARM\x64', 0b1010n);
    const hit = arm64Image.probe(b)!;
    expect(hit.label).toBe('arm64 Image (little-endian, 4K pages)');
    expect(hit.fields).toMatchObject({
      text_offset: '0x80000',
      image_size: 0x1234000,
      'page size': '4K',
      'physical placement': 'anywhere',
    });
    expect(arm64Image.open(b, hit)).toEqual({
      regions: [],
      errors: [],
      facts: { arch: 'arm64' },
      scanRest: true,
    });
  });

  it('reads big-endian and 64K-page flags', () => {
    const hit = arm64Image.probe(header(0x38, 'ARM\x64', 0b0111n))!;
    expect(hit.fields).toMatchObject({
      endianness: 'big-endian',
      'page size': '64K',
      'physical placement': '2 MiB aligned near the base of DRAM',
    });
    expect(arm64Image.probe(header(0x38, 'ARM\x64', 0b0100n))!.fields['page size']).toBe('16K');
  });

  it('notes the EFI stub PE header', () => {
    const b = header(0x38, 'ARM\x64', 2n, (dv, b) => {
      b.set([0x4d, 0x5a], 0);
      dv.setUint32(0x3c, 0x40, true);
      b.set([0x50, 0x45, 0, 0], 0x40);
      dv.setUint16(0x44, 0xaa64, true);
    });
    expect(arm64Image.probe(b)!.fields['EFI stub']).toBe('PE AArch64 at 64');
  });

  it('rejects a missing magic or a short header', () => {
    expect(arm64Image.probe(header(0x38, 'ARM\x65', 0n))).toBeNull();
    expect(arm64Image.probe(header(0x38, 'ARM\x64', 0n).subarray(0, 63))).toBeNull();
  });
});

describe('RISC-V Image', () => {
  it('reads the header with both magics', () => {
    const b = header(0x38, 'RSC\x05', 0n, (dv, b) => {
      dv.setUint32(0x20, 2, true);
      b.set(new TextEncoder().encode('RISCV'), 0x30);
    });
    const hit = riscvImage.probe(b)!;
    expect(hit.label).toBe('RISC-V Image (header 0.2)');
    expect(hit.notes).toEqual([]);
    expect(riscvImage.open(b, hit).facts).toEqual({ arch: 'riscv' });
  });

  it('accepts the deprecated "RISCV" magic alone, with a note', () => {
    const hit = riscvImage.probe(header(0x30, 'RISCV\0\0\0', 0n, (dv) => dv.setUint32(0x20, 1, true)))!;
    expect(hit.fields['header version']).toBe('0.1');
    expect(hit.notes[0]).toMatch(/deprecated/);
  });

  it('does not claim an arm64 Image', () => {
    expect(riscvImage.probe(header(0x38, 'ARM\x64', 0n))).toBeNull();
  });
});
