/**
 * liblzma 5.8 (XZ Utils, 0BSD) in WebAssembly: xz Blocks and raw LZMA1 (lzma-alone) streams decoded by
 * `lzma_code` in steps. Built by scripts/wasm/build.sh from Debian's source package; the C glue is
 * scripts/wasm/c/xz.c. Output is copied out of the module's memory in small cache-hot pieces straight
 * into the caller's buffer, so the module stays small (dictionary + two step buffers) and the
 * caller's buffer is the only full-size copy.
 */
import { wasmModule } from './load';
import { type OutputSink, type StepOptions, type StepResult, runSteps } from './steps';

interface Exports {
  memory: WebAssembly.Memory;
  khi_malloc(n: number): number;
  khi_free(p: number): void;
  khi_new(): number;
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
  khi_avail_in(ctx: number): number;
  khi_avail_out(ctx: number): number;
}

/** lzma_ret (liblzma/base.h). */
export const LZMA_OK = 0;
export const LZMA_STREAM_END = 1;
export const LZMA_MEM_ERROR = 5;
export const LZMA_MEMLIMIT_ERROR = 6;
export const LZMA_FORMAT_ERROR = 7;
export const LZMA_OPTIONS_ERROR = 8;
export const LZMA_DATA_ERROR = 9;
export const LZMA_BUF_ERROR = 10;

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
  return RET_TEXT[ret] ?? `liblzma error ${ret}`;
}

export const LIBLZMA_URL = new URL('./xz.wasm', import.meta.url);

/** Instances whose memory grew past this are dropped after use instead of kept for the next run. */
const KEEP_MEMORY_MAX = 80 << 20;
const idle: Liblzma[] = [];

/** One instance of the module with one lzma_stream; used by one decode at a time. */
export class Liblzma {
  private constructor(
    private readonly x: Exports,
    private readonly ctx: number,
  ) {}

  /** An idle instance, or a new one (the module is compiled once). */
  static async acquire(): Promise<Liblzma> {
    const kept = idle.pop();
    if (kept) return kept;
    const inst = await WebAssembly.instantiate(await wasmModule(LIBLZMA_URL), {});
    const x = inst.exports as unknown as Exports;
    const ctx = x.khi_new();
    if (ctx === 0) throw new Error('liblzma: cannot allocate its state.');
    return new Liblzma(x, ctx);
  }

  /** Give the instance back (kept for reuse unless its memory grew large). */
  release(): void {
    if (this.x.memory.buffer.byteLength <= KEEP_MEMORY_MAX && idle.length < 2) idle.push(this);
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
    const p = this.x.khi_malloc(n);
    if (p === 0) return LZMA_MEM_ERROR;
    new Uint8Array(this.x.memory.buffer, p, n).set(header.subarray(0, n));
    const r = this.x.khi_block_init(
      this.ctx,
      p,
      checkType,
      compressedSize ?? -1,
      uncompressedSize ?? -1,
      dictCap,
    );
    this.x.khi_free(p);
    return r;
  }

  /**
   * Prepare a raw LZMA1 stream (the data after an lzma-alone header): `props` is the lc/lp/pb byte,
   * `dict` the dictionary size, `size` the uncompressed size (null: unknown, only an end marker
   * ends it); with a known size, `allowEndMarker` also accepts a marker after the last byte.
   */
  initLzma1(props: number, dict: number, size: number | null, allowEndMarker: boolean): number {
    return this.x.khi_lzma1_init(this.ctx, props, dict, size ?? -1, allowEndMarker ? 1 : 0);
  }

  /** Decode `input` into `out` in steps (see steps.ts). */
  run(input: Uint8Array, out: OutputSink, opts: StepOptions): Promise<StepResult> {
    const x = this.x;
    const ctx = this.ctx;
    return runSteps(
      {
        memory: x.memory,
        malloc: (n) => x.khi_malloc(n),
        free: (p) => x.khi_free(p),
        code: (inp, inLen, outp, outLen) => {
          const ret = x.khi_code(ctx, inp, inLen, outp, outLen, 0);
          return { ret, availIn: x.khi_avail_in(ctx), availOut: x.khi_avail_out(ctx) };
        },
        isEnd: (ret) => ret === LZMA_STREAM_END,
        isOk: (ret) => ret === LZMA_OK,
      },
      input,
      out,
      opts,
    );
  }
}
