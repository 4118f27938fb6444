/**
 * What the main thread and the xz decoding worker (xz-worker.ts) share: the input, a ring the
 * worker writes the output into, and three 64-bit cells (Atomics): output bytes written into the
 * ring so far, bytes the main thread has taken out of it, and a stop flag. The worker waits while
 * the ring is full; the main thread waits while it is empty. A small ring, used over and over,
 * costs a few hundred page faults instead of one per 4 KiB of the whole output. The worker posts
 * one message at the end: the block results.
 */
import type { XzBlockResult } from '../core/formats/xz/block';

/** Indices of the cells. */
export const PRODUCED = 0;
export const CONSUMED = 1;
export const STOP = 2;

/** One xz Block to decode: where its bytes are in the input, where its output goes. */
export interface SharedBlockJob {
  /** The block's bytes: `input[at, at + length)`. */
  at: number;
  length: number;
  checkType: number;
  compressedSize: number | null;
  uncompressedSize: number | null;
  dictCap: number;
  /** Where the block's output starts in the whole output, and how much of it fits. */
  start: number;
  room: number;
}

export interface XzWorkerData {
  input: SharedArrayBuffer;
  ring: SharedArrayBuffer;
  /** BigInt64 cells PRODUCED, CONSUMED, STOP. */
  cells: SharedArrayBuffer;
  jobs: SharedBlockJob[];
  /** Output bytes per liblzma call, each published at once (the step the main thread sees). */
  step: number;
}

/** The worker's last message: results in block order, up to and including the first that failed. */
export type XzWorkerReply = { results: XzBlockResult[] } | { error: string };
