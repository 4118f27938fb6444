/**
 * Messages between the decode worker's block pool (xz-pool.ts) and a block worker
 * (xz-block-worker.ts). One task at a time per block worker; buffers are transferred both ways.
 */
import type { XzBlockResult } from '../core/formats/xz/block';
import type { XzBlockTask } from '../core/formats/xz/block-pool';

export type ToBlockWorker =
  /** First message: liblzma compiled by the decode worker (null: the block worker loads it itself). */
  | { type: 'module'; module: WebAssembly.Module | null }
  /** The task with its block's bytes in a buffer of their own (transferred). */
  | { type: 'task'; task: Omit<XzBlockTask, 'bytes'> & { bytes: ArrayBuffer } }
  /** A piece's buffer given back after its bytes were copied into place, to fill again. */
  | { type: 'spare'; buffer: ArrayBuffer };

export type FromBlockWorker =
  | { type: 'progress'; inDone: number; outDone: number }
  /** `length` decoded bytes at the start of `buffer` (transferred) belong at `at` in the block's output. */
  | { type: 'piece'; at: number; buffer: ArrayBuffer; length: number }
  /** The block is decoded: every piece was sent before this. */
  | { type: 'done'; result: XzBlockResult }
  /** The task could not run (e.g. the decoder module failed to load). */
  | { type: 'failed'; message: string };
