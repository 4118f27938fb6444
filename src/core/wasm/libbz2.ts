/**
 * libbz2 1.0.8 (bzip2, BSD-style licence) in WebAssembly, decompression only: `BZ2_bzDecompress`,
 * one stream at a time, stepped (steps.ts). Every block CRC and the stream's combined CRC are
 * verified inside; a hook at each block end (scripts/wasm/c/bzip2-hook.h) tells how much of the
 * output was verified when a later block fails. Built by scripts/wasm/build.sh; the glue is
 * scripts/wasm/c/bzip2.c.
 */
import { type Instance, Pool, type SteppedExports, stepDriver } from './pool';
import { type OutputSink, type StepOptions, type StepResult, runSteps } from './steps';

interface Exports extends SteppedExports {
  khi_reset(ctx: number): number;
  khi_code(ctx: number, inp: number, inLen: number, out: number, outLen: number): number;
  khi_why(ctx: number): number;
  khi_verified_out(ctx: number): number;
  khi_bad_block_at(ctx: number): number;
  khi_blocks(ctx: number): number;
  khi_crc_stored(ctx: number): number;
  khi_crc_computed(ctx: number): number;
}

/** bzlib.h return codes. */
const BZ_OK = 0;
const BZ_STREAM_END = 4;
export const BZ_MEM_ERROR = -3;
export const BZ_DATA_ERROR = -4;

export const LIBBZ2_URL = new URL('./bzip2.wasm', import.meta.url);

const pool = new Pool<Exports>(LIBBZ2_URL, 'libbz2');

/** Why the last BZ_DATA_ERROR: a block's CRC, the stream's combined CRC, or the data itself. */
type Bz2Damage = 'block-crc' | 'stream-crc' | 'data';

export class Libbz2 {
  private constructor(private readonly i: Instance<Exports>) {}

  static async acquire(): Promise<Libbz2> {
    return new Libbz2(await pool.acquire());
  }

  release(): void {
    pool.release(this.i);
  }

  /**
   * Decode ONE bzip2 stream starting at input[0]. Status 'end': decoded, every CRC matched, and
   * `consumed` is the stream's exact length (up to the byte holding its last bit).
   */
  run(input: Uint8Array, out: OutputSink, opts: StepOptions): Promise<StepResult> {
    const { x, ctx } = this.i;
    const init = x.khi_reset(ctx);
    if (init !== BZ_OK)
      return Promise.resolve({ consumed: 0, produced: 0, ret: init, status: 'error' } as StepResult);
    const d = stepDriver(
      this.i,
      (inp, inLen, outp, outLen) => x.khi_code(ctx, inp, inLen, outp, outLen),
      (ret) => ret === BZ_STREAM_END,
      (ret) => ret === BZ_OK,
    );
    return runSteps(d, input, out, opts);
  }

  /** After BZ_DATA_ERROR: what failed. */
  damage(): Bz2Damage {
    const w = this.i.x.khi_why(this.i.ctx);
    return w === 1 ? 'block-crc' : w === 2 ? 'stream-crc' : 'data';
  }

  /** Output bytes of the last stream whose blocks passed their CRC (all of it unless a block failed). */
  verifiedOut(): number {
    return this.i.x.khi_verified_out(this.i.ctx);
  }

  /** Input offset (from the stream's start) of the first block that was not verified. */
  badBlockAt(): number {
    return this.i.x.khi_bad_block_at(this.i.ctx);
  }

  /** Blocks whose header was read in the last stream. */
  blocks(): number {
    return this.i.x.khi_blocks(this.i.ctx);
  }

  /** The stored and computed CRC of the failed block (or of the stream, for 'stream-crc'). */
  crcs(): { stored: number; computed: number } {
    const { x, ctx } = this.i;
    return { stored: x.khi_crc_stored(ctx) >>> 0, computed: x.khi_crc_computed(ctx) >>> 0 };
  }
}
