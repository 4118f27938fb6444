/**
 * liblzma 5.8 (XZ Utils, 0BSD) in WebAssembly: xz Blocks and raw LZMA1 (lzma-alone) streams decoded by
 * `lzma_code` in steps. Built by scripts/wasm/build.sh from Debian's source package; the C glue is
 * scripts/wasm/c/xz.c. Output is copied out of the module's memory in small cache-hot pieces straight
 * into the caller's buffer, so the module stays small (dictionary + two step buffers) and the
 * caller's buffer is the only full-size copy.
 */
import { type Instance, Pool, type SteppedExports, stepDriver } from './pool';
import { RET_TRAP, TRAP_TEXT, type OutputSink, type StepOptions, type StepResult, runSteps } from './steps';

interface Exports extends SteppedExports {
  khi_end(ctx: number): void;
  khi_block_init(
    ctx: number,
    hdr: number,
    check: number,
    csize: number,
    usize: number,
    dictCap: number,
  ): number;
  khi_lzma1_init(ctx: number, props: number, dict: number, size: number, allowEopm: number): number;
  khi_code(ctx: number, inp: number, inLen: number, out: number, outLen: number, finish: number): number;
}

/** lzma_ret (liblzma/base.h). */
export const LZMA_OK = 0;
export const LZMA_STREAM_END = 1;
export const LZMA_MEM_ERROR = 5;
export const LZMA_OPTIONS_ERROR = 8;
export const LZMA_DATA_ERROR = 9;

const RET_TEXT: Record<number, string> = {
  2: 'no integrity check',
  3: 'unsupported integrity check',
  5: 'cannot allocate memory',
  6: 'memory usage limit reached',
  7: 'file format not recognized',
  8: 'unsupported options',
  9: 'compressed data is corrupt',
  10: 'unexpected end of input',
  11: 'programming error',
};

/** A readable text for an lzma_ret code, as xz prints it. */
export function lzmaRetText(ret: number): string {
  if (ret === RET_TRAP) return TRAP_TEXT;
  return RET_TEXT[ret] ?? `liblzma error ${ret}`;
}

export const LIBLZMA_URL = new URL('./xz.wasm', import.meta.url);

const pool = new Pool<Exports>(LIBLZMA_URL, 'liblzma');

/** One instance of the module with one lzma_stream; used by one decode at a time. */
export class Liblzma {
  private constructor(private readonly i: Instance<Exports>) {}

  /** An idle instance, or a new one (the module is compiled once). */
  static async acquire(): Promise<Liblzma> {
    return new Liblzma(await pool.acquire());
  }

  /** Give the instance back (kept for reuse unless its memory grew large). */
  release(): void {
    pool.release(this.i);
  }

  /**
   * Prepare one xz Block. `header` holds at least the Block Header; sizes are null when unknown;
   * `dictCap` (> 0) lowers the LZMA2 dictionary to what the block can use. Returns an lzma_ret.
   */
  initBlock(
    header: Uint8Array,
    checkType: number,
    compressedSize: number | null,
    uncompressedSize: number | null,
    dictCap: number,
  ): number {
    const n = Math.min(header.length, 1024);
    const p = this.i.x.khi_malloc(n);
    if (p === 0) return LZMA_MEM_ERROR;
    new Uint8Array(this.i.x.memory.buffer, p, n).set(header.subarray(0, n));
    const r = this.i.x.khi_block_init(
      this.i.ctx,
      p,
      checkType,
      compressedSize ?? -1,
      uncompressedSize ?? -1,
      dictCap,
    );
    this.i.x.khi_free(p);
    return r;
  }

  /**
   * Prepare a raw LZMA1 stream (the data after an lzma-alone header): `props` is the lc/lp/pb byte,
   * `dict` the dictionary size, `size` the uncompressed size (null: unknown, only an end marker
   * ends it); with a known size, `allowEndMarker` also accepts a marker after the last byte.
   */
  initLzma1(props: number, dict: number, size: number | null, allowEndMarker: boolean): number {
    return this.i.x.khi_lzma1_init(this.i.ctx, props, dict, size ?? -1, allowEndMarker ? 1 : 0);
  }

  /** Decode `input` into `out` in steps (see steps.ts). */
  run(input: Uint8Array, out: OutputSink, opts: StepOptions): Promise<StepResult> {
    const { x, ctx } = this.i;
    const d = stepDriver(
      this.i,
      (inp, inLen, outp, outLen) => x.khi_code(ctx, inp, inLen, outp, outLen, 0),
      (ret) => ret === LZMA_STREAM_END,
      (ret) => ret === LZMA_OK,
    );
    return runSteps(d, input, out, opts);
  }
}
