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
  /**
   * Set when a call into the module threw (a trap: libbz2's internal assertion, an out-of-bounds
   * access, a stack overflow). Its memory and the C library's state may be half-updated, so it is
   * never handed out again.
   */
  trapped: boolean;
}

/** The module's exports with every function wrapped so that a throw marks the instance trapped. */
function trapMarking<X extends GlueExports>(raw: WebAssembly.Exports, mark: () => void): X {
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(raw)) {
    if (typeof v !== 'function') {
      out[name] = v;
      continue;
    }
    const f = v as (...a: number[]) => number;
    out[name] = (...a: number[]): number => {
      try {
        return f(...a);
      } catch (e) {
        mark();
        throw e;
      }
    };
  }
  return out as unknown as X;
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
    const i = { ctx: 0, trapped: false } as Instance<X>;
    i.x = trapMarking<X>(inst.exports, () => (i.trapped = true));
    i.ctx = i.x.khi_new();
    if (i.ctx === 0) throw new Error(`${this.what}: cannot allocate its state.`);
    return i;
  }

  /** Give an instance back: kept for reuse unless it trapped or its memory grew large. */
  release(i: Instance<X>): void {
    if (i.trapped) return;
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
