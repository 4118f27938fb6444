import { describe, expect, it } from 'vitest';
import { bzImage } from './bzimage';

interface Opts {
  protocol?: number;
  setupSects?: number;
  payloadOffset?: number;
  payloadLength?: number;
  /** Bytes of protected-mode code after the setup sectors. */
  pmSize?: number;
  version?: string;
  loadflags?: number;
}

/** A bzImage built in memory: setup sectors + protected-mode bytes; payload ends with LE32 0x00C0FFEE. */
function make(o: Opts = {}): Uint8Array {
  const setupSects = o.setupSects ?? 1;
  const setup = ((setupSects || 4) + 1) * 512;
  const payloadOffset = o.payloadOffset ?? 0x80;
  const payloadLength = o.payloadLength ?? 0x200;
  const pm = o.pmSize ?? Math.ceil((payloadOffset + payloadLength + 0x20) / 16) * 16;
  const b = new Uint8Array(setup + pm);
  const dv = new DataView(b.buffer);
  b[0x1f1] = setupSects;
  dv.setUint32(0x1f4, Math.ceil(pm / 16), true);
  dv.setUint16(0x1fe, 0xaa55, true);
  b.set([0x48, 0x64, 0x72, 0x53], 0x202); // HdrS
  dv.setUint16(0x206, o.protocol ?? 0x20f, true);
  if (o.version !== undefined) {
    b.set(new TextEncoder().encode(o.version + '\0'), 0x300);
    dv.setUint16(0x20e, 0x100, true);
  }
  b[0x211] = o.loadflags ?? 1;
  dv.setUint32(0x248, payloadOffset, true);
  dv.setUint32(0x24c, payloadLength, true);
  const end = setup + payloadOffset + payloadLength;
  if (end <= b.length) dv.setUint32(end - 4, 0x00c0ffee, true);
  return b;
}

describe('bzImage', () => {
  it('finds the payload at (setup_sects + 1) * 512 + payload_offset', () => {
    const b = make({
      setupSects: 3,
      payloadOffset: 0x2a3,
      payloadLength: 0x400,
      version: '6.9.1-test (me@host) #7 SMP',
    });
    const hit = bzImage.probe(b)!;
    expect(hit.label).toBe('x86 bzImage (boot protocol 2.15)');
    expect(hit.fields).toMatchObject({
      setup_sects: 3,
      payload_offset: 0x2a3,
      payload_length: 0x400,
      'payload at': 2048 + 0x2a3,
    });
    expect(hit.fields['uncompressed size (trailer)']).toBe(0x00c0ffee);
    expect(hit.length).toBe(b.length);
    const o = bzImage.open(b, hit);
    expect(o.regions).toHaveLength(1);
    expect(o.regions[0]).toMatchObject({ offset: 2048 + 0x2a3, length: 0x400, foundBy: 'header-field' });
    expect(o.regions[0]!.expect).toBeUndefined();
    expect(o.regions[0]!.fields?.['uncompressed size (trailer)']).toBe(0x00c0ffee);
    expect(o.facts).toEqual({ arch: 'x86', version: '6.9.1-test', banner: '6.9.1-test (me@host) #7 SMP' });
    expect(o.errors).toEqual([]);
    expect(o.scanRest).toBe(false);
  });

  it('reads setup_sects 0 as 4', () => {
    const b = make({ setupSects: 0, payloadOffset: 0x10 });
    const o = bzImage.open(b, bzImage.probe(b)!);
    expect(o.regions[0]!.offset).toBe(5 * 512 + 0x10);
  });

  it('clips a payload that runs past the end and says so', () => {
    const full = make({ payloadOffset: 0x40, payloadLength: 0x1000 });
    const b = full.subarray(0, 1024 + 0x40 + 0x100);
    const hit = bzImage.probe(b)!;
    expect(hit.fields['uncompressed size (trailer)']).toBeUndefined();
    const o = bzImage.open(b, hit);
    expect(o.regions[0]).toMatchObject({ offset: 1024 + 0x40, length: 0x100 });
    expect(o.errors).toContainEqual(
      expect.objectContaining({ code: 'truncated', offset: 1024 + 0x40, severity: 'error' }),
    );
  });

  it('drops a payload that starts past the end', () => {
    const b = make({ payloadOffset: 0x10000, payloadLength: 0x10, pmSize: 0x100 });
    const o = bzImage.open(b, bzImage.probe(b)!);
    expect(o.regions).toEqual([]);
    expect(o.errors[0]).toMatchObject({ code: 'truncated', offset: 1024 + 0x10000 });
  });

  it('leaves old boot protocols (< 2.08) to the scanner', () => {
    const b = make({ protocol: 0x204, loadflags: 0 });
    const hit = bzImage.probe(b)!;
    expect(hit.label).toBe('x86 zImage (boot protocol 2.04)');
    expect(hit.fields['payload_offset']).toBeUndefined();
    const o = bzImage.open(b, hit);
    expect(o.regions).toEqual([]);
    expect(o.scanRest).toBe(true);
    expect(o.errors).toEqual([]);
  });

  it('reports a zero payload length', () => {
    const b = make({ payloadLength: 0 });
    const o = bzImage.open(b, bzImage.probe(b)!);
    expect(o.regions).toEqual([]);
    expect(o.errors[0]?.code).toBe('corrupt');
  });

  it('rejects a missing boot flag, missing HdrS, or a short buffer', () => {
    const b = make();
    const noFlag = b.slice();
    noFlag[0x1fe] = 0;
    const noHdrs = b.slice();
    noHdrs[0x203] = 0x41;
    expect(bzImage.probe(noFlag)).toBeNull();
    expect(bzImage.probe(noHdrs)).toBeNull();
    expect(bzImage.probe(b.subarray(0, 0x207))).toBeNull();
  });

  it('keeps going when the header is cut before payload_offset', () => {
    const b = make().subarray(0, 0x230);
    const hit = bzImage.probe(b)!;
    expect(hit.notes.join(' ')).toMatch(/cut short/);
    const o = bzImage.open(b, hit);
    expect(o.regions).toEqual([]);
    expect(o.errors[0]).toMatchObject({ code: 'truncated', offset: 0x248 });
  });

  it('ignores a version pointer into garbage', () => {
    const b = make({ version: '\x01\x02garbage' });
    expect(bzImage.probe(b)!.fields['kernel version']).toBeUndefined();
  });
});

describe('bzImage cut after the payload', () => {
  it('keeps the whole payload and warns about the missing tail', () => {
    const full = make({ payloadOffset: 0x40, payloadLength: 0x100, pmSize: 0x400 });
    const b = full.subarray(0, 1024 + 0x40 + 0x100 + 0x10);
    const o = bzImage.open(b, bzImage.probe(b)!);
    expect(o.regions[0]).toMatchObject({ offset: 1024 + 0x40, length: 0x100 });
    expect(o.errors).toEqual([
      expect.objectContaining({ code: 'truncated', severity: 'warning', offset: b.length }),
    ]);
  });
});
