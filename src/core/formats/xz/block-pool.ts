/**
 * The seam for decoding xz Blocks beside the current thread. The core stays DOM- and Node-free: a
 * platform registers a pool of block decoders (the browser's decode worker registers Web Workers,
 * src/worker/xz-pool.ts); without one, blocks decode one after another here. A pool decoder runs
 * `runXzBlockTask` on its side, so both sides decode and verify a block with the same code. A pooled
 * block's output comes back in pieces while it decodes (`PieceSink`), so the caller copies each piece
 * into place as it arrives and nobody holds a second copy of a whole block.
 */
import type { OutputSink, StepOptions } from '../../wasm/steps';
import { type XzBlockInput, type XzBlockResult, decodeXzBlock } from './block';

export interface XzBlockTask extends XzBlockInput {
  /** Output bytes to produce at most: the block's size, or less where the output cap cuts it. */
  outSize: number;
}

export type BlockProgress = (inDone: number, outDone: number) => void;

/** Receives a pooled block's output: `bytes` belong at `at` in the block's output, in order. */
export type BlockPut = (at: number, bytes: Uint8Array) => void;

export interface XzBlockPool {
  /** Decoders that can run beside the caller at once (0: none). */
  readonly size: number;
  /**
   * Optional: a cheap yield to the caller's event loop (a MessageChannel round trip). A block the
   * caller decodes while someone reads the prefix (onPrefix) yields with it every 1 MiB, so the
   * lanes' pieces are taken in, read and their buffers given back while it decodes; without it,
   * a 0 ms timer every 100 ms.
   */
  readonly yieldNow?: () => Promise<void>;
  /**
   * Decode one block elsewhere; its output arrives through `put`, piece by piece and in order,
   * before the promise settles (never after `signal` fired). Rejects with an AbortError when
   * `signal` fires (the decoder is stopped); any other rejection means the pool could not run it,
   * and the caller decodes it itself.
   */
  decode(
    task: XzBlockTask,
    signal: AbortSignal,
    put: BlockPut,
    onProgress?: BlockProgress,
  ): Promise<XzBlockResult>;
}

let registered: XzBlockPool | null = null;

/** Register the platform's pool (null: decode every block on the calling thread). */
export function setXzBlockPool(pool: XzBlockPool | null): void {
  registered = pool;
}

export function xzBlockPool(): XzBlockPool | null {
  return registered;
}

/** Output bytes per piece of a pooled block (and between its progress reports). */
export const BLOCK_PIECE = 1 << 20;

/**
 * Collects a block's output into pieces of `piece` bytes (buffers from `buffer`, which may hand back
 * one the receiver returned) and hands each full piece, and the last one on `flush()`, to `emit`.
 */
export class PieceSink implements OutputSink {
  private buf: Uint8Array | null = null;
  private fill = 0;
  /** Offset in the block's output of the current piece. */
  private at = 0;

  constructor(
    private readonly outSize: number,
    private readonly emit: BlockPut,
    private readonly buffer: (n: number) => Uint8Array = (n) => new Uint8Array(n),
    private readonly piece = BLOCK_PIECE,
  ) {}

  room(): number {
    return this.outSize - this.at - this.fill;
  }

  put(bytes: Uint8Array): void {
    for (let p = 0; p < bytes.length;) {
      this.buf ??= this.buffer(Math.min(this.piece, this.outSize - this.at));
      const n = Math.min(bytes.length - p, this.buf.length - this.fill);
      this.buf.set(bytes.subarray(p, p + n), this.fill);
      this.fill += n;
      p += n;
      if (this.fill === this.buf.length) this.flush();
    }
  }

  /** Hand on what is collected (the last, partial piece). */
  flush(): void {
    if (this.buf && this.fill > 0) this.emit(this.at, this.buf.subarray(0, this.fill));
    this.at += this.fill;
    this.buf = null;
    this.fill = 0;
  }
}

/** What a pool decoder runs for one task: the block into `sink`, flushed at the end. */
export async function runXzBlockTask(
  task: XzBlockTask,
  sink: PieceSink,
  opts: Pick<StepOptions, 'onProgress' | 'yieldMs' | 'yieldNow'> = {},
): Promise<XzBlockResult> {
  const result = await decodeXzBlock(task, sink, { ...opts, reportEvery: BLOCK_PIECE });
  sink.flush();
  return result;
}
