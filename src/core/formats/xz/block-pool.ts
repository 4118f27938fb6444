/**
 * The seam for decoding xz Blocks beside the current thread. The core stays DOM- and Node-free: a
 * platform registers a pool of block decoders (the browser's decode worker registers Web Workers,
 * src/worker/xz-pool.ts); without one, blocks decode one after another here. A pool decoder runs
 * `runXzBlockTask` on its side, so both sides decode and verify a block with the same code.
 */
import { type XzBlockInput, type XzBlockResult, decodeXzBlock } from './block';

export interface XzBlockTask extends XzBlockInput {
  /** Output bytes to produce at most: the block's size, or less where the output cap cuts it. */
  outSize: number;
}

export interface XzBlockDone {
  result: XzBlockResult;
  /** The decoded bytes (`result.produced` of them from its start). */
  output: Uint8Array;
}

export type BlockProgress = (inDone: number, outDone: number) => void;

export interface XzBlockPool {
  /** Decoders that can run beside the caller at once (0: none). */
  readonly size: number;
  /**
   * Decode one block elsewhere. Rejects with an AbortError when `signal` fires (the decoder is
   * stopped); any other rejection means the pool could not run it, and the caller decodes it itself.
   */
  decode(task: XzBlockTask, signal: AbortSignal, onProgress?: BlockProgress): Promise<XzBlockDone>;
}

let registered: XzBlockPool | null = null;

/** Register the platform's pool (null: decode every block on the calling thread). */
export function setXzBlockPool(pool: XzBlockPool | null): void {
  registered = pool;
}

export function xzBlockPool(): XzBlockPool | null {
  return registered;
}

/** Output bytes between progress reports of a pooled block. */
const TASK_PROGRESS_STEP = 1 << 20;

/** What a pool decoder runs for one task: the block into a buffer of its own. */
export async function runXzBlockTask(task: XzBlockTask, onProgress?: BlockProgress): Promise<XzBlockDone> {
  const output = new Uint8Array(Math.max(0, task.outSize));
  const result = await decodeXzBlock(task, output, { onProgress, reportEvery: TASK_PROGRESS_STEP });
  return { result, output };
}
