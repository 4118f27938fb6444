// A reference decoder that traps (an out-of-bounds access, `unreachable`, a stack overflow: a bug in
// the C code that the input reached) must not lose what was decoded before it: the codec returns the
// prefix it had, with a typed 'corrupt' error, never an exception ('internal'). The trap is injected
// into the real modules: every decode call ('khi_code', 'khi_block') counts, and call k throws a
// WebAssembly.RuntimeError, for every k the fixture needs.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { codecById } from '../formats';
import type { CodecId } from '../formats/contract';

let calls = 0;
let trapAt = Infinity;

beforeAll(() => {
  const real = WebAssembly.instantiate.bind(WebAssembly) as (
    m: WebAssembly.Module,
    i: WebAssembly.Imports,
  ) => Promise<WebAssembly.Instance>;
  vi.spyOn(WebAssembly, 'instantiate').mockImplementation((async (
    m: WebAssembly.Module,
    i: WebAssembly.Imports,
  ) => {
    const inst = await real(m, i);
    const exports: Record<string, unknown> = { ...inst.exports };
    for (const name of ['khi_code', 'khi_block']) {
      const f = inst.exports[name];
      if (typeof f !== 'function') continue;
      exports[name] = (...a: number[]): number => {
        if (++calls === trapAt) throw new WebAssembly.RuntimeError('unreachable (injected by the test)');
        return (f as (...a: number[]) => number)(...a);
      };
    }
    return { exports } as unknown as WebAssembly.Instance;
  }) as unknown as typeof WebAssembly.instantiate);
});
afterAll(() => {
  vi.restoreAllMocks();
});

/** Fixtures of several units each (blocks, members, frames, streams), so a prefix can be kept. */
const CASES: [CodecId, string][] = [
  ['xz', 'xz/multiblock.xz'],
  ['xz', 'xz/bcj-x86-multiblock.xz'],
  ['gzip', 'codecs/multi.gz'],
  ['zstd', 'codecs/frames.zst'],
  ['bzip2', 'codecs/multi.bz2'],
  ['lz4-legacy', 'codecs/big.lz4'],
  ['lzma', 'lzma-lzo/big-repeat.lzma'],
];

describe('a trap inside a WebAssembly decoder', () => {
  it.each(CASES)('%s %s: every trap point keeps a prefix and gives a typed error', async (id, path) => {
    const codec = codecById(id)!;
    const input = new Uint8Array(readFileSync(`test/fixtures/${path}`));
    const opts = { maxOutput: 256 << 20 };
    trapAt = Infinity;
    calls = 0;
    const whole = await codec.decode(input, opts);
    expect(whole.error).toBeUndefined();
    const total = calls;
    expect(total).toBeGreaterThan(1);
    let keptSome = false;
    const points = new Set([
      1,
      total,
      ...Array.from({ length: 7 }, (_, j) => 1 + Math.round(((j + 1) * (total - 1)) / 8)),
    ]);
    for (const k of points) {
      calls = 0;
      trapAt = k;
      const r = await codec.decode(input, opts);
      trapAt = Infinity;
      expect(r.error?.code, `trap at call ${k} of ${total}`).toBe('corrupt');
      expect(r.error?.message).toMatch(/trap/i);
      // All of it only when the trap came after the last byte (a gzip member's trailer check).
      expect(r.output.length).toBeLessThanOrEqual(whole.output.length);
      expect(Buffer.from(r.output).equals(Buffer.from(whole.output.subarray(0, r.output.length)))).toBe(true);
      if (r.output.length > 0) keptSome = true;
    }
    expect(keptSome).toBe(true);
    // The trapped instances were dropped: the next decode is whole again.
    const again = await codec.decode(input, opts);
    expect(again.error).toBeUndefined();
    expect(Buffer.from(again.output).equals(Buffer.from(whole.output))).toBe(true);
  });
});
