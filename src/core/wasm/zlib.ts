/**
 * zlib 1.3.1 (zlib licence) in WebAssembly: `inflate` in gzip mode, one member at a time, stepped
 * (steps.ts); the member's CRC-32 and ISIZE are verified inside. Built by scripts/wasm/build.sh;
 * the glue is scripts/wasm/c/zlib.c.
 */
import { type Instance, Pool, type SteppedExports, stepDriver } from './pool';
import { type OutputSink, type StepOptions, type StepResult, runSteps } from './steps';

interface Exports extends SteppedExports {
  khi_reset(ctx: number): number;
  khi_code(ctx: number, inp: number, inLen: number, out: number, outLen: number): number;
  khi_crc(ctx: number): number;
  khi_why(ctx: number): number;
}

const Z_STREAM_END = 1;
export const Z_DATA_ERROR = -3;
export const Z_MEM_ERROR = -4;
const Z_OK = 0;
const Z_BUF_ERROR = -5;

export const ZLIB_URL = new URL('./zlib.wasm', import.meta.url);

const pool = new Pool<Exports>(ZLIB_URL, 'zlib');

export class Zlib {
  private constructor(private readonly i: Instance<Exports>) {}

  static async acquire(): Promise<Zlib> {
    return new Zlib(await pool.acquire());
  }

  release(): void {
    pool.release(this.i);
  }

  /** Inflate ONE gzip member starting at input[0]. Status 'end': decoded, CRC-32 and ISIZE match. */
  run(input: Uint8Array, out: OutputSink, opts: StepOptions): Promise<StepResult> {
    const { x, ctx } = this.i;
    x.khi_reset(ctx);
    const d = stepDriver(
      this.i,
      (inp, inLen, outp, outLen) => x.khi_code(ctx, inp, inLen, outp, outLen),
      (ret) => ret === Z_STREAM_END,
      (ret) => ret === Z_OK || ret === Z_BUF_ERROR,
    );
    return runSteps(d, input, out, opts);
  }

  /** CRC-32 of the last member's output so far (unsigned). */
  crc(): number {
    return this.i.x.khi_crc(this.i.ctx) >>> 0;
  }

  /** After Z_DATA_ERROR: 'crc' or 'size' when the trailer did not match, else 'data'. */
  why(): 'crc' | 'size' | 'data' {
    const w = this.i.x.khi_why(this.i.ctx);
    return w === 1 ? 'crc' : w === 2 ? 'size' : 'data';
  }
}
