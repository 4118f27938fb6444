/**
 * What the main thread and the xz decoding worker (xz-worker.ts) share: the input and the output
 * live in SharedArrayBuffers, and one 64-bit cell says how many output bytes are final so far
 * (Atomics, notified after every step). The worker posts one message at the end: the block results.
 */
import type { XzBlockResult } from '../core/formats/xz/block';

/** One xz Block to decode: where its bytes are in the input, where its output goes. */
export interface SharedBlockJob {
  /** The block's bytes: `input[at, at + length)`. */
  at: number;
  length: number;
  checkType: number;
  compressedSize: number | null;
  uncompressedSize: number | null;
  dictCap: number;
  /** Where the block's output starts in the output, and how much of it fits. */
  start: number;
  room: number;
}

export interface XzWorkerData {
  input: SharedArrayBuffer;
  output: SharedArrayBuffer;
  /** One BigInt64 cell: output bytes written so far (from the start of the output). */
  produced: SharedArrayBuffer;
  jobs: SharedBlockJob[];
  /** Output bytes per liblzma call, each published at once (the step the main thread sees). */
  step: number;
}

/** The worker's last message: results in block order, up to and including the first that failed. */
export type XzWorkerReply = { results: XzBlockResult[] } | { error: string };
