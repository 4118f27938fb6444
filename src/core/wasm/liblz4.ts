/**
 * liblz4 1.10 (LZ4, BSD-2-Clause) in WebAssembly: one raw block of the kernel's legacy frame at a
 * time, `LZ4_decompress_safe` into an 8 MiB buffer inside the module (the legacy frame's block
 * size), copied out by the caller. Built by scripts/wasm/build.sh; the glue is scripts/wasm/c/lz4.c.
 */
import { type GlueExports, type Instance, Pool } from './pool';

interface Exports extends GlueExports {
  khi_src(ctx: number): number;
  khi_dst(ctx: number): number;
  khi_block(ctx: number, len: number, whole: number): number;
}

export const LIBLZ4_URL = new URL('./lz4.wasm', import.meta.url);

const pool = new Pool<Exports>(LIBLZ4_URL, 'liblz4');

export class Liblz4 {
  private constructor(private readonly i: Instance<Exports>) {}

  static async acquire(): Promise<Liblz4> {
    return new Liblz4(await pool.acquire());
  }

  release(): void {
    pool.release(this.i);
  }

  /**
   * Decode one block (at most LZ4_COMPRESSBOUND(8 MiB) bytes). `whole` false: the block is cut
   * short, decode what its bytes allow. Returns the decoded bytes (a view into the module's memory,
   * valid until the next call), or the offset in `block` where the data is damaged.
   */
  block(block: Uint8Array, whole: boolean): Uint8Array | { damagedAt: number; trap?: true } {
    const { x, ctx } = this.i;
    new Uint8Array(x.memory.buffer, x.khi_src(ctx), block.length).set(block);
    let n: number;
    try {
      n = x.khi_block(ctx, block.length, whole ? 1 : 0);
    } catch (e) {
      // A trap (pool.ts drops the instance): nothing of this block is known to be good.
      if (e instanceof WebAssembly.RuntimeError) return { damagedAt: 0, trap: true };
      throw e;
    }
    if (n < 0) return { damagedAt: Math.min(block.length, -n - 1) };
    return new Uint8Array(x.memory.buffer, x.khi_dst(ctx), n);
  }
}
