import { describe, expect, it } from 'vitest';
import { androidBoot, vendorBoot } from './bootimg';

const enc = new TextEncoder();

/** boot.img v0–v2 header fields only; the buffer is `total` bytes. */
function legacy(version: number, page: number, sizes: number[], total: number, rdOffset = 0): Uint8Array {
  const b = new Uint8Array(total);
  const dv = new DataView(b.buffer);
  b.set(enc.encode('ANDROID!'), 0);
  const [kernel = 0, ramdisk = 0, second = 0, dtbo = 0, dtb = 0] = sizes;
  dv.setUint32(8, kernel, true);
  dv.setUint32(16, ramdisk, true);
  dv.setUint32(24, second, true);
  dv.setUint32(36, page, true);
  dv.setUint32(40, version, true);
  b.set(enc.encode('board'), 48);
  b.set(enc.encode('console=ttyS0'), 64);
  if (version >= 1) {
    dv.setUint32(1632, dtbo, true);
    dv.setBigUint64(1636, BigInt(rdOffset), true);
  }
  if (version >= 2) dv.setUint32(1648, dtb, true);
  return b;
}

function v3(version: number, kernel: number, ramdisk: number, sig: number, total: number): Uint8Array {
  const b = new Uint8Array(total);
  const dv = new DataView(b.buffer);
  b.set(enc.encode('ANDROID!'), 0);
  dv.setUint32(8, kernel, true);
  dv.setUint32(12, ramdisk, true);
  dv.setUint32(16, ((12 << 14) | (1 << 7)) * 2048 + ((21 << 4) | 9), true);
  dv.setUint32(40, version, true);
  b.set(enc.encode('androidboot.x=y'), 44);
  if (version === 4) dv.setUint32(1580, sig, true);
  return b;
}

const brief = (
  rs: { offset: number; length: number | null; label: string }[],
): [string, number, number | null][] => rs.map((r) => [r.label, r.offset, r.length]);

describe('Android boot.img', () => {
  it('lays out v0 sections on page boundaries', () => {
    const b = legacy(0, 2048, [5000, 300, 10], 2048 * 7);
    const hit = androidBoot.probe(b)!;
    expect(hit.label).toBe('Android boot image v0 (page 2048)');
    expect(hit.fields).toMatchObject({
      header_version: 0,
      page_size: 2048,
      kernel_size: 5000,
      name: 'board',
      cmdline: 'console=ttyS0',
    });
    expect(hit.length).toBe(2048 * 6);
    const o = androidBoot.open(b, hit);
    expect(brief(o.regions)).toEqual([
      ['kernel', 2048, 5000],
      ['ramdisk', 2048 * 4, 300],
      ['second stage', 2048 * 5, 10],
    ]);
    expect(o.errors).toEqual([]);
    expect(o.scanRest).toBe(false);
  });

  it('adds recovery DTBO (v1) and DTB (v2), and notes a recovery_dtbo_offset that disagrees', () => {
    const b = legacy(2, 4096, [4096, 1, 0, 100, 200], 4096 * 6, 12345);
    const hit = androidBoot.probe(b)!;
    expect(hit.notes.join(' ')).toMatch(/recovery_dtbo_offset is 12345; the page layout puts it at 12288/);
    const o = androidBoot.open(b, hit);
    expect(brief(o.regions)).toEqual([
      ['kernel', 4096, 4096],
      ['ramdisk', 8192, 1],
      ['recovery DTBO', 12345, 100],
      ['device tree (DTB)', 4096 * 4, 200],
    ]);
  });

  it('uses a fixed 4096-byte page for v3 and v4, and decodes os_version', () => {
    const b = v3(4, 5000, 70, 4096, 4096 * 5);
    const hit = androidBoot.probe(b)!;
    expect(hit.label).toBe('Android boot image v4');
    expect(hit.fields).toMatchObject({
      'os version': '12.1.0',
      'security patch': '2021-09',
      'boot signature size': 4096,
      'boot signature at': 4096 * 4,
    });
    expect(hit.length).toBe(4096 * 5);
    expect(brief(androidBoot.open(b, hit).regions)).toEqual([
      ['kernel', 4096, 5000],
      ['ramdisk', 4096 * 3, 70],
    ]);
    expect(
      brief(
        androidBoot.open(v3(3, 10, 10, 0, 3 * 4096), androidBoot.probe(v3(3, 10, 10, 0, 3 * 4096))!).regions,
      ),
    ).toEqual([
      ['kernel', 4096, 10],
      ['ramdisk', 8192, 10],
    ]);
  });

  it('clips a kernel cut short and drops sections past the end', () => {
    const b = legacy(0, 2048, [10000, 500], 2048 + 3000);
    const o = androidBoot.open(b, androidBoot.probe(b)!);
    expect(brief(o.regions)).toEqual([['kernel', 2048, 3000]]);
    expect(o.errors.map((e) => [e.code, e.offset])).toEqual([
      ['truncated', 2048],
      ['truncated', 2048 * 6],
    ]);
  });

  it('reports a page size that is not a power of two', () => {
    const b = legacy(0, 3000, [10], 9000);
    const o = androidBoot.open(b, androidBoot.probe(b)!);
    expect(o.regions).toEqual([]);
    expect(o.errors[0]).toMatchObject({ code: 'corrupt', offset: 36 });
  });

  it('reads an unknown header_version as v0 with a dt_size section (Qualcomm dt.img)', () => {
    const b = legacy(0, 2048, [100, 100], 2048 * 5);
    new DataView(b.buffer).setUint32(40, 1500, true);
    const hit = androidBoot.probe(b)!;
    expect(hit.notes[0]).toMatch(/dt_size/);
    expect(brief(androidBoot.open(b, hit).regions)).toContainEqual(['device tree (dt_size)', 2048 * 3, 1500]);
  });
});

/** vendor_boot header; v4 gets a ramdisk table of `entries` [name, offset, size, type]. */
function vendor(
  version: number,
  page: number,
  total: number,
  ramdisk: number,
  dtb: number,
  entries: [string, number, number, number][] = [],
): Uint8Array {
  const b = new Uint8Array(total);
  const dv = new DataView(b.buffer);
  b.set(enc.encode('VNDRBOOT'), 0);
  dv.setUint32(8, version, true);
  dv.setUint32(12, page, true);
  dv.setUint32(24, ramdisk, true);
  b.set(enc.encode('vendor-name'), 2080);
  dv.setUint32(2096, version === 4 ? 2128 : 2112, true);
  dv.setUint32(2100, dtb, true);
  if (version === 4) {
    dv.setUint32(2112, entries.length * 108, true);
    dv.setUint32(2116, entries.length, true);
    dv.setUint32(2120, 108, true);
    const table = page * (Math.ceil(2128 / page) + Math.ceil(ramdisk / page) + Math.ceil(dtb / page));
    entries.forEach(([name, off, size, type], i) => {
      const e = table + i * 108;
      dv.setUint32(e, size, true);
      dv.setUint32(e + 4, off, true);
      dv.setUint32(e + 8, type, true);
      b.set(enc.encode(name), e + 12);
    });
  }
  return b;
}

describe('Android vendor_boot.img', () => {
  it('v3: one vendor ramdisk and a DTB', () => {
    const b = vendor(3, 4096, 4096 * 4, 5000, 100);
    const hit = vendorBoot.probe(b)!;
    expect(hit.label).toBe('Android vendor_boot image v3');
    expect(hit.fields).toMatchObject({ name: 'vendor-name', 'vendor ramdisk size': 5000 });
    expect(brief(vendorBoot.open(b, hit).regions)).toEqual([
      ['vendor ramdisk', 4096, 5000],
      ['device tree (DTB)', 4096 * 3, 100],
    ]);
  });

  it('v4: one region per ramdisk table entry, with its name and type (2128-byte header over two 2K pages)', () => {
    const b = vendor(4, 2048, 2048 * 8, 3000, 10, [
      ['platform', 0, 1000, 1],
      ['dlkm', 1000, 2000, 3],
    ]);
    const o = vendorBoot.open(b, vendorBoot.probe(b)!);
    expect(brief(o.regions)).toEqual([
      ['vendor ramdisk "platform"', 4096, 1000],
      ['vendor ramdisk "dlkm"', 4096 + 1000, 2000],
      ['device tree (DTB)', 4096 + 4096, 10],
    ]);
    expect(o.regions[1]!.fields).toEqual({ type: 'dlkm' });
    expect(o.errors).toEqual([]);
  });

  it('reports an implausible ramdisk table and a header cut short', () => {
    const b = vendor(4, 4096, 4096 * 4, 100, 0, [['x', 0, 100, 1]]);
    new DataView(b.buffer).setUint32(2116, 100000, true);
    const o = vendorBoot.open(b, vendorBoot.probe(b)!);
    expect(o.errors[0]).toMatchObject({ code: 'corrupt', offset: 2116 });
    const short = vendor(3, 4096, 4096, 0, 0).subarray(0, 2000);
    const so = vendorBoot.open(short, vendorBoot.probe(short)!);
    expect(so.errors[0]).toMatchObject({ code: 'truncated' });
  });
});
