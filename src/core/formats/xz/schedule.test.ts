// Multi-block xz through a block pool: the same results as one block after another, block for block,
// with damage, cuts, the output cap, a pool that cannot run a block, and an abort. The pool here runs
// each task in this process with the pool workers' own code (runXzBlockTask); the Web Worker pool
// itself runs in e2e/multiblock.spec.ts.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { isAbort, throwIfAborted } from '../../errors';
import type { DecodeOptions, DecodeResult } from '../contract';
import type { XzBlockResult } from './block';
import {
  type BlockProgress,
  type BlockPut,
  type XzBlockPool,
  type XzBlockTask,
  PieceSink,
  runXzBlockTask,
  setXzBlockPool,
} from './block-pool';
import { decodeXz } from './decode';
import { parseXz } from './parse';

const DIR = 'test/fixtures/xz/';
const EXP = JSON.parse(readFileSync(DIR + 'expected.json', 'utf8')) as Record<string, { sha256: string }>;
const fx = (name: string): Uint8Array => new Uint8Array(readFileSync(DIR + name));
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const macrotask = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/**
 * A pool whose decoders run here, one macrotask later (so lanes really interleave), and whose output
 * arrives in small pieces, each a macrotask later, as from a block worker.
 */
class HerePool implements XzBlockPool {
  /** Output sizes of the tasks it was given, in the order given. */
  readonly tasks: number[] = [];
  /** Where each task's block starts in the input (its Block Header), in the order given. */
  readonly at: number[] = [];
  /** Tasks whose signal fired while they ran. */
  stopped = 0;
  constructor(
    readonly size: number,
    private readonly failing: (task: XzBlockTask) => boolean = () => false,
    /** Drop the piece at this offset of every block (a pool that loses output). */
    private readonly drop = -1,
  ) {}
  async decode(
    task: XzBlockTask,
    signal: AbortSignal,
    put: BlockPut,
    onProgress?: BlockProgress,
  ): Promise<XzBlockResult> {
    this.tasks.push(task.outSize);
    this.at.push(task.bytes.byteOffset);
    await macrotask();
    if (this.failing(task)) throw new Error('The block worker failed to start.');
    const emit: BlockPut = (at, bytes) => {
      const copy = bytes.slice();
      if (at !== this.drop) void macrotask().then(() => signal.aborted || put(at, copy));
    };
    try {
      throwIfAborted(signal);
      const result = await runXzBlockTask(task, new PieceSink(task.outSize, emit, undefined, 4096), {
        onProgress,
      });
      await macrotask();
      throwIfAborted(signal);
      return result;
    } catch (e) {
      if (isAbort(e)) this.stopped++;
      throw e;
    }
  }
}

afterEach(() => setXzBlockPool(null));

async function sequential(input: Uint8Array, opts: DecodeOptions): Promise<DecodeResult> {
  setXzBlockPool(null);
  return decodeXz(input, opts);
}

async function pooled(input: Uint8Array, opts: DecodeOptions, pool: XzBlockPool): Promise<DecodeResult> {
  setXzBlockPool(pool);
  try {
    return await decodeXz(input, opts);
  } finally {
    setXzBlockPool(null);
  }
}

/** Decode both ways and require the same result; returns the pooled one. */
async function same(input: Uint8Array, pool: XzBlockPool, maxOutput = 1 << 30): Promise<DecodeResult> {
  const a = await sequential(input, { maxOutput });
  const b = await pooled(input, { maxOutput }, pool);
  expect(sha(b.output)).toBe(sha(a.output));
  expect(b.output.length).toBe(a.output.length);
  expect(b.error).toEqual(a.error);
  expect(b.notes).toEqual(a.notes);
  expect(b.fields).toEqual(a.fields);
  expect(b.consumed).toBe(a.consumed);
  return b;
}

const flipped = (b: Uint8Array, at: number): Uint8Array => {
  const c = b.slice();
  c[at]! ^= 0x10;
  return c;
};

describe('xz blocks in a pool', () => {
  it.each([
    ['multiblock-mt.xz', 1],
    ['multiblock-mt.xz', 3],
    ['multiblock.xz', 2],
    ['bcj-x86-multiblock.xz', 3],
    ['concat.xz', 2],
  ])('%s with %i pool decoder(s) gives xz -dc', async (name, size) => {
    const pool = new HerePool(size);
    const r = await same(fx(name), pool);
    expect(r.error).toBeUndefined();
    expect(sha(r.output)).toBe(EXP[name]!.sha256);
    const blocks = parseXz(fx(name)).blocks.length;
    if (blocks > 1) expect(pool.tasks.length).toBeGreaterThan(0);
    expect(pool.tasks.length).toBeLessThan(blocks); // this thread decodes blocks too
  });

  it('a single block never goes to the pool', async () => {
    const pool = new HerePool(3);
    await same(fx('text-crc64.xz'), pool);
    expect(pool.tasks).toEqual([]);
  });

  it('a damaged middle block keeps the blocks before it and what xz -dc writes of it, the same as in order', async () => {
    const input = fx('multiblock-mt.xz');
    const blocks = parseXz(input).blocks;
    expect(blocks.length).toBe(8);
    const b = blocks[4]!;
    const pool = new HerePool(3);
    const r = await same(flipped(input, b.dataOffset + (b.dataSize >> 1)), pool);
    expect(r.error?.code).toBe('corrupt');
    expect(r.error?.offset).toBeGreaterThanOrEqual(b.headerOffset);
    // The verified blocks before it, then what liblzma decoded of the damaged block before it
    // noticed: byte for byte what `xz -dc` writes (the note says its last bytes may be wrong).
    const before = blocks.slice(0, 4).reduce((a, x) => a + x.uncompressedSize, 0);
    const whole = (await sequential(input, { maxOutput: 1 << 30 })).output;
    expect(r.output.length).toBeGreaterThan(before);
    expect(sha(r.output.subarray(0, before))).toBe(sha(whole.subarray(0, before)));
    const native = spawnSync('xz', ['-dc'], {
      input: flipped(input, b.dataOffset + (b.dataSize >> 1)),
    }).stdout;
    expect(sha(r.output)).toBe(sha(new Uint8Array(native)));
    expect(r.notes.some((n) => /block 5 decoded before the damage are kept/.test(n))).toBe(true);
  });

  it('a failed check in block 3 reports that block, the same as decoding in order', async () => {
    const input = fx('multiblock-mt.xz');
    const b = parseXz(input).blocks[2]!;
    const r = await same(flipped(input, b.checkOffset), new HerePool(2));
    expect(r.error).toMatchObject({ code: 'corrupt', offset: b.headerOffset });
    expect(r.error?.message).toMatch(/Block 3 .* fails its CRC32 check/);
    // Blocks 1 and 2, and block 3 as decoded (as xz -dc writes it); nothing after it.
    const blocks = parseXz(input).blocks;
    const upTo3 = blocks.slice(0, 3).reduce((a, x) => a + x.uncompressedSize, 0);
    expect(r.output.length).toBe(upTo3);
    const whole = (await sequential(input, { maxOutput: 1 << 30 })).output;
    expect(sha(r.output)).toBe(sha(whole.subarray(0, upTo3)));
  });

  it('a cut in a later block keeps the blocks before it', async () => {
    const input = fx('multiblock-mt.xz');
    const b = parseXz(input).blocks[5]!;
    const r = await same(input.subarray(0, b.dataOffset + 100), new HerePool(3));
    expect(r.error?.code).toBe('truncated');
  });

  it('the output cap inside block 4 stops there', async () => {
    const input = fx('multiblock-mt.xz');
    const blocks = parseXz(input).blocks;
    const cap = blocks.slice(0, 3).reduce((a, x) => a + x.uncompressedSize, 0) + 777;
    const r = await same(input, new HerePool(3), cap);
    expect(r.output.length).toBe(cap);
    expect(r.error?.code).toBe('too-large');
  });

  it('a pool that cannot run a block: this thread decodes it', async () => {
    const pool = new HerePool(3, () => true);
    const r = await same(fx('multiblock-mt.xz'), pool);
    expect(r.error).toBeUndefined();
    expect(sha(r.output)).toBe(EXP['multiblock-mt.xz']!.sha256);
    expect(pool.tasks.length).toBeGreaterThan(0);
  });

  it('progress adds up over the lanes and ends at the full size', async () => {
    const seen: number[] = [];
    const input = fx('multiblock-mt.xz');
    setXzBlockPool(new HerePool(3));
    const r = await decodeXz(input, { maxOutput: 1 << 30, onProgress: (_i, o) => seen.push(o) });
    expect(seen.at(-1)).toBe(r.output.length);
    expect(Math.max(...seen)).toBe(r.output.length);
  });

  it('a pool that loses a piece of output: this thread decodes that block again', async () => {
    const pool = new HerePool(2, () => false, 4096);
    const r = await same(fx('multiblock-mt.xz'), pool);
    expect(r.error).toBeUndefined();
    expect(sha(r.output)).toBe(EXP['multiblock-mt.xz']!.sha256);
  });

  it('blocks go largest first: the pool does not get a small middle block before a large last one', async () => {
    const pool = new HerePool(1);
    // Blocks of 150,000, 96,000 and 150,000 bytes: this thread takes the first, the pool the last.
    const r = await same(fx('concat.xz'), pool);
    expect(r.error).toBeUndefined();
    expect(pool.tasks[0]).toBe(150000);
  });

  it('an abort stops the pool decoders and keeps the verified blocks before it', async () => {
    const ac = new AbortController();
    const pool = new HerePool(3);
    const inner = pool.decode.bind(pool);
    pool.decode = (task, signal, put, onProgress) => {
      if (pool.tasks.length === 2) ac.abort(); // the user cancels while pooled blocks run
      return inner(task, signal, put, onProgress);
    };
    setXzBlockPool(pool);
    const input = fx('multiblock-mt.xz');
    const r = await decodeXz(input, { maxOutput: 1 << 30, signal: ac.signal });
    expect(r.error?.code).toBe('cancelled');
    expect(pool.stopped).toBeGreaterThan(0);
    expect(pool.tasks.length).toBeLessThan(7);
    // What is kept is whole verified blocks from the start, byte for byte.
    const ends = [0];
    for (const b of parseXz(input).blocks) ends.push(ends.at(-1)! + b.uncompressedSize);
    expect(ends).toContain(r.output.length);
    const whole = (await sequential(input, { maxOutput: 1 << 30 })).output;
    expect(sha(r.output)).toBe(sha(whole.subarray(0, r.output.length)));
  });
});

/**
 * Decode with onPrefix through `pool` (null: no pool) and check what it was told against the
 * sequential decode: the prefix only grows, and its bytes were in place, as they end up, when told.
 */
async function reading(input: Uint8Array, pool: XzBlockPool | null, opts: Partial<DecodeOptions> = {}) {
  const told: number[] = [];
  let early = 0; // prefixes whose bytes were not (yet) the final ones when told
  const good = (await sequential(input, { maxOutput: 1 << 30 })).output;
  const onPrefix = (out: Uint8Array, avail: number): void => {
    told.push(avail);
    const n = Math.min(avail, good.length);
    if (sha(out.subarray(0, n)) !== sha(good.subarray(0, n))) early++;
  };
  setXzBlockPool(pool);
  try {
    const r = await decodeXz(input, { maxOutput: 1 << 30, ...opts, onPrefix });
    const a = await sequential(input, { maxOutput: opts.maxOutput ?? 1 << 30 });
    expect(sha(r.output)).toBe(sha(a.output));
    expect(r.error).toEqual(a.error);
    expect(r.notes).toEqual(a.notes);
    expect(r.fields).toEqual(a.fields);
    expect(early).toBe(0);
    for (let i = 1; i < told.length; i++) expect(told[i]).toBeGreaterThan(told[i - 1]!);
    return { r, told };
  } finally {
    setXzBlockPool(null);
  }
}

describe('blocks in a pool while someone reads the prefix (onPrefix)', () => {
  it('one block decodes on this thread, not in a lane (the lane finished it 25-50 ms later), and the walk waits', async () => {
    const input = fx('text-crc64.xz');
    const pool = new HerePool(1);
    const { r, told } = await reading(input, pool);
    expect(sha(r.output)).toBe(EXP['text-crc64.xz']!.sha256);
    expect(pool.tasks).toEqual([]);
    expect(told).toEqual([]);
  });

  it('n blocks: the lanes take them from the start, in block order; this thread takes them from the end', async () => {
    const input = fx('multiblock-mt.xz');
    const blocks = parseXz(input).blocks;
    const pool = new HerePool(2);
    const { r, told } = await reading(input, pool);
    expect(pool.at.slice(0, 2)).toEqual([blocks[0]!.headerOffset, blocks[1]!.headerOffset]);
    expect(pool.at).not.toContain(blocks.at(-1)!.headerOffset); // this thread's first
    expect(pool.at.length).toBeLessThan(blocks.length);
    expect(told.at(-1)).toBe(r.output.length);
  });

  it('as many lanes as blocks: all go to the pool, in order', async () => {
    const input = fx('concat.xz');
    const blocks = parseXz(input).blocks;
    const pool = new HerePool(3);
    await reading(input, pool);
    expect(pool.at).toEqual(blocks.map((b) => b.headerOffset));
  });

  it("a block this thread decodes yields with the pool's cheap yield every 1 MiB, only while reading", async () => {
    // Two streams, two blocks: 150,000 bytes for the lane, then 9 MiB for this thread.
    const a = fx('text-crc64.xz');
    const b = fx('chunks.xz');
    const input = new Uint8Array(a.length + b.length);
    input.set(a);
    input.set(b, a.length);
    let yields = 0;
    const pool = Object.assign(new HerePool(1), { yieldNow: () => (yields++, macrotask()) });
    await reading(input, pool);
    expect(pool.at).toEqual([parseXz(input).blocks[0]!.headerOffset]);
    expect(yields).toBeGreaterThanOrEqual(8);
    yields = 0;
    await same(input, pool); // not reading: as before, no yields of its own
    expect(yields).toBe(0);
  });

  it('without a pool nothing changes: onPrefix is never called (Node)', async () => {
    const { told } = await reading(fx('multiblock-mt.xz'), null);
    expect(told).toEqual([]);
  });

  it('a damaged middle block: the same result as in order; the prefix told may pass what is kept', async () => {
    const input = fx('multiblock-mt.xz');
    const b = parseXz(input).blocks[4]!;
    const { r } = await reading(flipped(input, b.dataOffset + (b.dataSize >> 1)), new HerePool(1));
    expect(r.error?.code).toBe('corrupt');
  });

  it('a failed check, a cut and the output cap: the same results as in order', async () => {
    const input = fx('multiblock-mt.xz');
    const blocks = parseXz(input).blocks;
    await reading(flipped(input, blocks[2]!.checkOffset), new HerePool(1));
    await reading(input.subarray(0, blocks[5]!.dataOffset + 100), new HerePool(2));
    const cap = blocks.slice(0, 3).reduce((a, x) => a + x.uncompressedSize, 0) + 777;
    const { r, told } = await reading(input, new HerePool(1), { maxOutput: cap });
    expect(r.output.length).toBe(cap);
    expect(told.at(-1)).toBe(cap);
  });

  it('a pool that fails to start: this thread decodes the blocks', async () => {
    const name = 'multiblock-mt.xz';
    const pool = new HerePool(1, () => true);
    const { r } = await reading(fx(name), pool);
    expect(r.error).toBeUndefined();
    expect(sha(r.output)).toBe(EXP[name]!.sha256);
    expect(pool.tasks.length).toBeGreaterThan(0);
  });

  it('an abort keeps whole verified blocks from the start, as in order', async () => {
    const ac = new AbortController();
    const pool = new HerePool(2);
    const inner = pool.decode.bind(pool);
    pool.decode = (task, signal, put, onProgress) => {
      if (pool.tasks.length === 1) ac.abort(); // the user cancels as the second lane starts
      return inner(task, signal, put, onProgress);
    };
    const input = fx('multiblock-mt.xz');
    const told: number[] = [];
    setXzBlockPool(pool);
    const r = await decodeXz(input, {
      maxOutput: 1 << 30,
      signal: ac.signal,
      onPrefix: (_o, n) => told.push(n),
    });
    setXzBlockPool(null);
    expect(r.error?.code).toBe('cancelled');
    const ends = [0];
    for (const b of parseXz(input).blocks) ends.push(ends.at(-1)! + b.uncompressedSize);
    expect(ends).toContain(r.output.length);
    const whole = (await sequential(input, { maxOutput: 1 << 30 })).output;
    expect(sha(r.output)).toBe(sha(whole.subarray(0, r.output.length)));
  });
});
