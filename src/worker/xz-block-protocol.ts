/**
 * Messages between the decode worker's block pool (xz-pool.ts) and a block worker
 * (xz-block-worker.ts). One task at a time per block worker; buffers are transferred both ways.
 */
import type { XzBlockResult } from '../core/formats/xz/block';
import type { XzBlockTask } from '../core/formats/xz/block-pool';

/** The task with its block's bytes in a buffer of their own (transferred). */
export type ToBlockWorker = Omit<XzBlockTask, 'bytes'> & { bytes: ArrayBuffer };

export type FromBlockWorker =
  | { type: 'progress'; inDone: number; outDone: number }
  /** `output` holds `result.produced` decoded bytes from its start (transferred). */
  | { type: 'done'; result: XzBlockResult; output: ArrayBuffer }
  /** The task could not run (e.g. the decoder module failed to load). */
  | { type: 'failed'; message: string };
