/**
 * libzstd 1.5.7 (Zstandard, BSD-3-Clause) in WebAssembly, decompression only: one frame at a time,
 * decoded by `ZSTD_decompressStream` in steps (steps.ts), the frame's XXH64 checksum verified
 * inside. Built by scripts/wasm/build.sh; the C glue is scripts/wasm/c/zstd.c.
 */
import { type Instance, Pool, type SteppedExports, stepDriver } from './pool';
import { type OutputSink, type StepOptions, type StepResult, runSteps } from './steps';

interface Exports extends SteppedExports {
  khi_reset(ctx: number, ignoreChecksum: number): number;
  khi_code(ctx: number, inp: number, inLen: number, out: number, outLen: number): number;
}

/** ZSTD_ErrorCode values (zstd_errors.h) the decoder reports as -ret. */
export const ZSTD_CHECKSUM_WRONG = 22;
export const ZSTD_MEMORY = 64;
export const ZSTD_WINDOW_TOO_LARGE = 16;

const TEXT: Record<number, string> = {
  10: 'unknown frame descriptor',
  12: 'unsupported version',
  14: 'unsupported frame parameter',
  16: 'window too large',
  20: 'corrupted block detected',
  22: 'checksum mismatch',
  24: 'corrupt literals header',
  32: 'dictionary mismatch',
  44: 'table log too large',
  46: 'symbol value too large',
  64: 'cannot allocate memory',
};

/** A readable text for a negative khi_code return. */
export function zstdErrorText(ret: number): string {
  return TEXT[-ret] ?? `libzstd error ${-ret}`;
}

export const LIBZSTD_URL = new URL('./zstd.wasm', import.meta.url);

const pool = new Pool<Exports>(LIBZSTD_URL, 'libzstd');

/** One instance with one ZSTD_DCtx; used by one decode at a time. */
export class Libzstd {
  private constructor(private readonly i: Instance<Exports>) {}

  static async acquire(): Promise<Libzstd> {
    return new Libzstd(await pool.acquire());
  }

  release(): void {
    pool.release(this.i);
  }

  /**
   * Decode ONE frame from `input` (which should hold exactly that frame) into `out`. Status 'end':
   * the frame is decoded, verified (unless `ignoreChecksum`) and flushed.
   */
  run(input: Uint8Array, out: OutputSink, opts: StepOptions, ignoreChecksum = false): Promise<StepResult> {
    const { x, ctx } = this.i;
    x.khi_reset(ctx, ignoreChecksum ? 1 : 0);
    const d = stepDriver(
      this.i,
      (inp, inLen, outp, outLen) => x.khi_code(ctx, inp, inLen, outp, outLen),
      (ret) => ret === 0,
      (ret) => ret > 0,
    );
    return runSteps(d, input, out, opts);
  }
}
