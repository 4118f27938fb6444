// WebAssembly step loop (steps.ts) over every stepped decoder: input fed in 1..7-byte pieces with
// 7..1-byte output windows, cancellation mid-stream, and reuse of the instance after a cancel.
// Tests may read fixtures with node:fs (the core itself never imports node:*).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAbort } from '../errors';
import { Libbz2 } from './libbz2';
import { Liblzma } from './liblzma';
import { Libzstd } from './libzstd';
import type { OutputSink, StepOptions, StepResult } from './steps';
import { Zlib } from './zlib';

const read = (p: string): Uint8Array => new Uint8Array(readFileSync(`test/fixtures/${p}`));
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const codecs = JSON.parse(readFileSync('test/fixtures/codecs/expected.json', 'utf8')) as Record<
  string,
  { sha256: string; outputSize: number }
>;
const lzmaX = JSON.parse(readFileSync('test/fixtures/lzma-lzo/expected.json', 'utf8')) as Record<
  string,
  { sha256: string; size: number }
>;
const xzX = JSON.parse(readFileSync('test/fixtures/xz/expected.json', 'utf8')) as Record<
  string,
  { sha256: string; size: number }
>;

/** A growable sink that also counts put() calls (to see the output window's size at work). */
class Collect implements OutputSink {
  buf = new Uint8Array(1 << 16);
  written = 0;
  puts = 0;
  room(): number {
    return 1 << 30;
  }
  put(bytes: Uint8Array): void {
    if (this.written + bytes.length > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.written + bytes.length));
      next.set(this.buf.subarray(0, this.written));
      this.buf = next;
    }
    this.buf.set(bytes, this.written);
    this.written += bytes.length;
    this.puts++;
  }
  get bytes(): Uint8Array {
    return this.buf.subarray(0, this.written);
  }
}

/** One stepped decoder under test: acquire, start and run one stream, release. */
interface Stepped {
  name: string;
  input: Uint8Array;
  sha256: string;
  size: number;
  /** The exact length of the stream in `input`. */
  consumed: number;
  run(input: Uint8Array, out: OutputSink, opts: StepOptions): Promise<StepResult>;
  release(): void;
}

/** lzma-alone: the 13-byte header is read here; liblzma decodes the raw LZMA1 data after it. */
async function lzmaAlone(name: string): Promise<Stepped> {
  const file = read(`lzma-lzo/${name}`);
  const lz = await Liblzma.acquire();
  const dict = new DataView(file.buffer).getUint32(1, true);
  return {
    name,
    input: file.subarray(13),
    sha256: lzmaX[name]!.sha256,
    size: lzmaX[name]!.size,
    consumed: file.length - 13,
    run: (input, out, opts) => {
      expect(lz.initLzma1(file[0]!, dict, null, false)).toBe(0);
      return lz.run(input, out, opts);
    },
    release: () => lz.release(),
  };
}

/** The one Block of a single-block xz file (stream header 12 bytes, then the Block Header). */
async function xzBlock(name: string): Promise<Stepped> {
  const file = read(`xz/${name}`);
  const lz = await Liblzma.acquire();
  const hdrSize = (file[12]! + 1) * 4;
  const check = file[7]! & 15;
  const input = file.subarray(12 + hdrSize);
  return {
    name,
    input,
    sha256: xzX[name]!.sha256,
    size: xzX[name]!.size,
    consumed: -1, // the block's end (padding and check included) is only known after decoding
    run: (inp, out, opts) => {
      expect(lz.initBlock(file.subarray(12), check, null, null, 0)).toBe(0);
      return lz.run(inp, out, opts);
    },
    release: () => lz.release(),
  };
}

async function codecFixture(name: string, lib: 'zlib' | 'zstd' | 'bz2'): Promise<Stepped> {
  const input = read(`codecs/${name}`);
  const base = { name, input, sha256: codecs[name]!.sha256, size: codecs[name]!.outputSize };
  if (lib === 'zlib') {
    const z = await Zlib.acquire();
    return { ...base, consumed: input.length, run: (i, o, p) => z.run(i, o, p), release: () => z.release() };
  }
  if (lib === 'zstd') {
    const z = await Libzstd.acquire();
    return { ...base, consumed: input.length, run: (i, o, p) => z.run(i, o, p), release: () => z.release() };
  }
  const b = await Libbz2.acquire();
  return { ...base, consumed: input.length, run: (i, o, p) => b.run(i, o, p), release: () => b.release() };
}

const cases: [string, () => Promise<Stepped>][] = [
  ['zlib (gzip member)', () => codecFixture('small.gz', 'zlib')],
  ['libzstd (frame)', () => codecFixture('small.zst', 'zstd')],
  ['libbz2 (stream)', () => codecFixture('small.bz2', 'bz2')],
  ['liblzma (lzma-alone, raw LZMA1)', () => lzmaAlone('props-d8.lzma')],
  ['liblzma (xz Block, CRC64)', () => xzBlock('text-crc64.xz')],
  ['liblzma (xz Block, x86 BCJ)', () => xzBlock('bcj-x86.xz')],
];

describe.each(cases)('%s', (_, make) => {
  it('tiny pieces: input in 1..7-byte windows, output in 7..1-byte windows, byte-exact', async () => {
    const d = await make();
    try {
      for (let k = 1; k <= 7; k++) {
        const out = new Collect();
        const r = await d.run(d.input, out, { inWindow: k, outWindow: 8 - k, reportEvery: 4096 });
        expect(r.status).toBe('end');
        expect(out.written).toBe(d.size);
        expect(r.produced).toBe(d.size);
        expect(sha(out.bytes)).toBe(d.sha256);
        if (d.consumed >= 0) expect(r.consumed).toBe(d.consumed);
        // Every put() got at most one output window.
        expect(out.puts).toBeGreaterThanOrEqual(Math.ceil(d.size / (8 - k)));
      }
    } finally {
      d.release();
    }
  });

  it('cut input: status cut, the output is a prefix', async () => {
    const d = await make();
    try {
      const whole = new Collect();
      await d.run(d.input, whole, {});
      const out = new Collect();
      const r = await d.run(d.input.subarray(0, d.input.length >> 1), out, { inWindow: 5, outWindow: 3 });
      expect(r.status).toBe('cut');
      expect(out.written).toBeLessThan(d.size);
      expect(Buffer.from(out.bytes).equals(Buffer.from(whole.bytes.subarray(0, out.written)))).toBe(true);
    } finally {
      d.release();
    }
  });

  it('cancelled mid-stream: stops with an abort, keeps a prefix, and the instance decodes again', async () => {
    const d = await make();
    try {
      const ac = new AbortController();
      const out = new Collect();
      let reports = 0;
      let err: unknown = null;
      try {
        await d.run(d.input, out, {
          signal: ac.signal,
          reportEvery: 1024,
          outWindow: 512,
          inWindow: 256,
          onProgress: () => {
            if (++reports === 3) ac.abort();
          },
        });
      } catch (e) {
        err = e;
      }
      expect(isAbort(err)).toBe(true);
      expect(reports).toBe(3);
      expect(out.written).toBeGreaterThanOrEqual(3 * 1024);
      expect(out.written).toBeLessThan(d.size);
      const again = new Collect();
      const r = await d.run(d.input, again, {});
      expect(r.status).toBe('end');
      expect(sha(again.bytes)).toBe(d.sha256);
      expect(Buffer.from(out.bytes).equals(Buffer.from(again.bytes.subarray(0, out.written)))).toBe(true);
    } finally {
      d.release();
    }
  });
});

describe('libbz2 block bookkeeping', () => {
  it('a CRC failure in the second block keeps the first block as verified output', async () => {
    // multi.bz2: two streams, the first has two blocks; its first block decodes to 135,202 bytes
    // (bzip2recover splits it out, bzip2 -dc counts them).
    const file = read('codecs/multi.bz2');
    const b = await Libbz2.acquire();
    try {
      const ok = new Collect();
      const r0 = await b.run(file, ok, {});
      expect(r0.status).toBe('end');
      expect(b.blocks()).toBe(2);
      // Find the second block magic (bit-aligned) and flip a bit well inside it.
      const bits = (i: number): number => (file[i >> 3]! >> (7 - (i & 7))) & 1;
      let second = -1;
      for (let i = 80 + 48; i < file.length * 8 - 48 && second < 0; i++) {
        let v = 0;
        for (let k = 0; k < 48; k++) v = v * 2 + bits(i + k);
        if (v === 0x314159265359) second = i;
      }
      expect(second).toBeGreaterThan(0);
      const bad = file.slice();
      // A bit in the block's stored CRC: the data decodes, the CRC check fails.
      const at = second + 48 + 5;
      bad[at >> 3] = bad[at >> 3]! ^ (0x80 >> (at & 7));
      const out = new Collect();
      const r = await b.run(bad, out, {});
      expect(r.status).toBe('error');
      expect(b.damage()).toBe('block-crc');
      expect(b.verifiedOut()).toBe(135_202);
      expect(b.badBlockAt()).toBe(second >> 3);
      expect(out.written).toBeGreaterThanOrEqual(135_202);
      const good = (x: Collect): Buffer => Buffer.from(x.bytes.subarray(0, 135_202));
      expect(good(out).equals(good(ok))).toBe(true);
    } finally {
      b.release();
    }
  });
});
