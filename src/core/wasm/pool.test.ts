import { describe, expect, it } from 'vitest';
import { LIBBZ2_URL } from './libbz2';
import { type SteppedExports, Pool } from './pool';

interface Bz2 extends SteppedExports {
  khi_reset(ctx: number): number;
  khi_code(ctx: number, inp: number, inLen: number, out: number, outLen: number): number;
}

describe('Pool', () => {
  it('hands a released instance out again', async () => {
    const pool = new Pool<Bz2>(LIBBZ2_URL, 'libbz2');
    const a = await pool.acquire();
    pool.release(a);
    expect(await pool.acquire()).toBe(a);
  });

  it('never hands out an instance whose call trapped', async () => {
    const pool = new Pool<Bz2>(LIBBZ2_URL, 'libbz2');
    const a = await pool.acquire();
    expect(a.x.khi_reset(a.ctx)).toBe(0);
    // An input pointer past the end of the module's memory: libbz2 reads it and the module traps.
    const past = a.x.memory.buffer.byteLength + 4096;
    const out = a.x.khi_malloc(64);
    expect(() => a.x.khi_code(a.ctx, past, 16, out, 64)).toThrow(WebAssembly.RuntimeError);
    expect(a.trapped).toBe(true);
    pool.release(a);
    const b = await pool.acquire();
    expect(b).not.toBe(a);
    expect(b.trapped).toBe(false);
  });
});
