/**
 * Instances of one committed .wasm decoder module, each with one decoding context made by the glue's
 * `khi_new` (scripts/wasm/c/*.c). The module is compiled once (load.ts); instances are kept for the
 * next decode unless their memory grew large (a big dictionary or window), so a second open pays
 * neither compile nor instantiate time.
 */
import { wasmModule } from './load';
import type { StepDriver } from './steps';

/** What every glue exports. */
export interface GlueExports {
  memory: WebAssembly.Memory;
  khi_malloc(n: number): number;
  khi_free(p: number): void;
  khi_new(): number;
}

/** What a stepped glue (steps.ts) exports too: what the last khi_code call left unused. */
export interface SteppedExports extends GlueExports {
  khi_avail_in(ctx: number): number;
  khi_avail_out(ctx: number): number;
}

export interface Instance<X extends GlueExports> {
  x: X;
  /** The glue's context pointer. */
  ctx: number;
}

/** Instances whose memory grew past this are dropped after use instead of kept. */
const KEEP_MEMORY_MAX = 80 << 20;
const KEEP_COUNT = 2;

export class Pool<X extends GlueExports> {
  private readonly idle: Instance<X>[] = [];
  constructor(
    readonly url: URL,
    private readonly what: string,
  ) {}

  /** An idle instance, or a new one. */
  async acquire(): Promise<Instance<X>> {
    const kept = this.idle.pop();
    if (kept) return kept;
    const inst = await WebAssembly.instantiate(await wasmModule(this.url), {});
    const x = inst.exports as unknown as X;
    const ctx = x.khi_new();
    if (ctx === 0) throw new Error(`${this.what}: cannot allocate its state.`);
    return { x, ctx };
  }

  /** Give an instance back (kept for reuse unless its memory grew large). */
  release(i: Instance<X>): void {
    if (i.x.memory.buffer.byteLength <= KEEP_MEMORY_MAX && this.idle.length < KEEP_COUNT) this.idle.push(i);
  }
}

/** The step driver (steps.ts) over one instance: `code` runs one call of the glue's khi_code. */
export function stepDriver<X extends SteppedExports>(
  i: Instance<X>,
  code: (inp: number, inLen: number, out: number, outLen: number) => number,
  isEnd: (ret: number) => boolean,
  isOk: (ret: number) => boolean,
): StepDriver {
  const { x, ctx } = i;
  return {
    memory: x.memory,
    malloc: (n) => x.khi_malloc(n),
    free: (p) => x.khi_free(p),
    code: (inp, inLen, outp, outLen) => {
      const ret = code(inp, inLen, outp, outLen);
      return { ret, availIn: x.khi_avail_in(ctx), availOut: x.khi_avail_out(ctx) };
    },
    isEnd,
    isOk,
  };
}
