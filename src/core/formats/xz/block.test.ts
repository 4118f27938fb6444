// Fixtures are read with node:fs (the core itself never imports node:*).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type XzBlockInput, decodeXzBlock } from './block';
import { CHECK_SIZES } from './format';
import { type XzBlock, parseXz } from './parse';

const DIR = 'test/fixtures/xz/';
const EXP = JSON.parse(readFileSync(DIR + 'expected.json', 'utf8')) as Record<string, { sha256: string }>;
const fx = (name: string): Uint8Array => new Uint8Array(readFileSync(DIR + name));
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** What a caller (the sequential decode, or a pool worker) hands decodeXzBlock for a whole block. */
function spec(input: Uint8Array, b: XzBlock): XzBlockInput {
  return {
    bytes: input.subarray(b.headerOffset, b.checkOffset + CHECK_SIZES[b.checkType]!),
    checkType: b.checkType,
    compressedSize: b.dataSize,
    uncompressedSize: b.uncompressedSize,
    dictCap: b.uncompressedSize,
  };
}

/** Decode every block of a fixture independently into its own range of one buffer. */
async function byBlocks(
  name: string,
  windows: { inWindow?: number; outWindow?: number } = {},
): Promise<Uint8Array> {
  const input = fx(name);
  const blocks = parseXz(input).blocks;
  const out = new Uint8Array(blocks.reduce((a, b) => a + b.uncompressedSize, 0));
  let at = 0;
  // Out of order on purpose: blocks are independent.
  const ranges = blocks.map((b) => [b, (at += b.uncompressedSize) - b.uncompressedSize] as const).reverse();
  for (const [b, start] of ranges) {
    const r = await decodeXzBlock(spec(input, b), out.subarray(start, start + b.uncompressedSize), windows);
    expect(r.status, `${name} block at ${b.headerOffset}`).toBe('ok');
    expect(r.produced).toBe(b.uncompressedSize);
    expect(r.consumed).toBe(spec(input, b).bytes.length);
  }
  return out;
}

describe('decodeXzBlock: one block into a given output range', () => {
  it.each(['multiblock.xz', 'multiblock-mt.xz', 'bcj-x86-multiblock.xz', 'concat.xz', 'text-sha256.xz'])(
    '%s, blocks decoded independently and out of order',
    async (name) => {
      expect(sha(await byBlocks(name))).toBe(EXP[name]!.sha256);
    },
  );

  it('tiny input and output windows (1–7 bytes) through the wasm step loop give the same bytes', async () => {
    for (const name of ['bcj-x86.xz', 'chain-x86-delta.xz', 'bcj-riscv.xz', 'bcj-x86-multiblock.xz']) {
      for (const [inWindow, outWindow] of [
        [1, 1],
        [3, 7],
        [7, 2],
        [5, 4096],
        [4096, 5],
      ] as const) {
        expect(sha(await byBlocks(name, { inWindow, outWindow })), `${name} ${inWindow}/${outWindow}`).toBe(
          EXP[name]!.sha256,
        );
      }
    }
  });

  it('a flipped check is status "check" with every byte still written', async () => {
    const input = fx('text-crc64.xz');
    const b = parseXz(input).blocks[0]!;
    const bad = input.slice();
    bad[b.checkOffset + 3]! ^= 0x20;
    const out = new Uint8Array(b.uncompressedSize);
    const r = await decodeXzBlock(spec(bad, b), out);
    expect(r.status).toBe('check');
    expect(sha(out)).toBe(EXP['text-crc64.xz']!.sha256);
  });

  it('a range smaller than the block is "full", a cut block is "cut", both exact prefixes', async () => {
    const input = fx('bcj-x86.xz');
    const b = parseXz(input).blocks[0]!;
    const whole = new Uint8Array(b.uncompressedSize);
    await decodeXzBlock(spec(input, b), whole);
    const small = new Uint8Array(10_001);
    const full = await decodeXzBlock(spec(input, b), small, { outWindow: 999 });
    expect(full.status).toBe('full');
    expect(Buffer.from(small).equals(Buffer.from(whole.subarray(0, 10_001)))).toBe(true);
    const s = spec(input, b);
    const cut = { ...s, bytes: s.bytes.subarray(0, 5000), compressedSize: null, uncompressedSize: null };
    const part = new Uint8Array(b.uncompressedSize);
    const r = await decodeXzBlock(cut, part, { inWindow: 13 });
    expect(r.status).toBe('cut');
    expect(r.produced).toBeGreaterThan(0);
    expect(Buffer.from(part.subarray(0, r.produced)).equals(Buffer.from(whole.subarray(0, r.produced)))).toBe(
      true,
    );
  });

  it('progress every few bytes, and abort from inside the loop', async () => {
    const input = fx('chunks.xz');
    const b = parseXz(input).blocks[0]!;
    const seen: number[] = [];
    const out = new Uint8Array(b.uncompressedSize);
    await decodeXzBlock(spec(input, b), out, { reportEvery: 1 << 20, onProgress: (_i, o) => seen.push(o) });
    expect(seen.length).toBeGreaterThanOrEqual(8);
    const ac = new AbortController();
    const p = decodeXzBlock(spec(input, b), out, {
      reportEvery: 1 << 20,
      signal: ac.signal,
      onProgress: () => ac.abort(),
    });
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });
});
