import { afterEach, describe, expect, it } from 'vitest';
import { outputBuffer, setOutputArena } from '../core/formats/kit/codec-kit';
import { ARENA_BYTES, ARENA_MIN, PrefaultedArena } from './output-arena';

afterEach(() => setOutputArena(null));

describe('PrefaultedArena', () => {
  it('lends its buffer once, to an output between ARENA_MIN and ARENA_BYTES', async () => {
    const a = new PrefaultedArena();
    expect(a.take(ARENA_MIN)).toBeNull(); // not made yet
    await a.refill();
    expect(a.held).toBeGreaterThan(0);
    expect(a.take(ARENA_MIN - 1)).toBeNull();
    expect(a.take(ARENA_BYTES + 1)).toBeNull();
    const n = ARENA_MIN + 12345;
    const b = a.take(n)!;
    expect(b.length).toBe(n);
    expect(b.every((x) => x === 0)).toBe(true);
    expect(a.take(n)).toBeNull(); // spent until the next refill
    expect(a.held).toBe(0);
    await a.refill();
    const c = a.take(n)!;
    expect(c.buffer).not.toBe(b.buffer);
  });

  it('an open during the refill gets the arena with the pages touched so far', async () => {
    const a = new PrefaultedArena();
    const filling = a.refill();
    expect(a.take(ARENA_MIN)).not.toBeNull();
    await filling;
    expect(a.held).toBe(0);
  });

  it('outputBuffer takes from the registered arena, else allocates', async () => {
    const a = new PrefaultedArena();
    await a.refill();
    setOutputArena(a);
    const big = outputBuffer(ARENA_MIN);
    expect(big.buffer.byteLength).toBe(ARENA_BYTES);
    expect(outputBuffer(ARENA_MIN).buffer.byteLength).toBe(ARENA_MIN);
    expect(outputBuffer(10).length).toBe(10);
  });
});
