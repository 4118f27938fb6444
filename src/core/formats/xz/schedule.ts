/**
 * Run the planned xz Blocks into the one output buffer: one after another on this thread, or, when a
 * pool is registered (block-pool.ts) and there is more than one block, in lanes: this thread decodes
 * straight into its blocks' slices of the output while each pool lane decodes a block into a buffer
 * of its own, which is then copied into place (one copy; the page is not cross-origin isolated, so
 * there is no SharedArrayBuffer). Lanes take blocks in order. When a block fails, no later block is
 * started and the later ones still running are stopped: the output is a prefix, so they could not be
 * kept; every block before the failure is. Both ways give the same results, block for block.
 */
import { isAbort, throwIfAborted } from '../../errors';
import { Liblzma } from '../../wasm/liblzma';
import { type XzBlockInput, type XzBlockResult, decodeXzBlockWith } from './block';
import type { XzBlockPool } from './block-pool';

export interface BlockJob {
  input: XzBlockInput;
  /** Where the block's output starts in the output buffer, and how much of it fits. */
  start: number;
  room: number;
}

export interface ScheduleOptions {
  signal?: AbortSignal;
  /** Sum of input consumed and output produced over all blocks so far. */
  onProgress?: (inDone: number, outDone: number) => void;
  /** Output bytes between progress reports and abort checks on this thread. */
  reportEvery: number;
}

/** Results in block order; `undefined` for blocks not run (after a failure, or an abort). */
export type BlockResults = (XzBlockResult | undefined)[];

export function runBlocks(
  jobs: BlockJob[],
  out: Uint8Array,
  pool: XzBlockPool | null,
  opts: ScheduleOptions,
): Promise<BlockResults> {
  if (jobs.length === 0) return Promise.resolve([]);
  const lanes = pool ? Math.min(pool.size, jobs.length - 1) : 0;
  return lanes > 0 ? runInLanes(jobs, out, pool!, lanes, opts) : runInOrder(jobs, out, opts);
}

/** Decode one block on this thread, straight into its slice of the output. */
const decodeHere = (
  lz: Liblzma,
  job: BlockJob,
  out: Uint8Array,
  opts: ScheduleOptions,
  onProgress: ((inDone: number, outDone: number) => void) | undefined,
): Promise<XzBlockResult> =>
  decodeXzBlockWith(lz, job.input, out.subarray(job.start, job.start + job.room), {
    signal: opts.signal,
    reportEvery: opts.reportEvery,
    onProgress,
  });

async function runInOrder(jobs: BlockJob[], out: Uint8Array, opts: ScheduleOptions): Promise<BlockResults> {
  const results: BlockResults = [];
  const progress = new Progress(jobs.length, opts.onProgress);
  const lz = await Liblzma.acquire();
  try {
    for (let i = 0; i < jobs.length; i++) {
      const r = await decodeHere(lz, jobs[i]!, out, opts, progress.of(i));
      results[i] = r;
      if (r.status !== 'ok') break;
    }
  } finally {
    lz.release();
  }
  return results;
}

/** Sums the per-block progress into one monotone pair. */
class Progress {
  private readonly inDone: number[];
  private readonly outDone: number[];
  constructor(
    n: number,
    private readonly report?: (inDone: number, outDone: number) => void,
  ) {
    this.inDone = new Array<number>(n).fill(0);
    this.outDone = new Array<number>(n).fill(0);
  }
  of(i: number): ((inDone: number, outDone: number) => void) | undefined {
    if (!this.report) return undefined;
    return (a, b) => {
      this.inDone[i] = a;
      this.outDone[i] = b;
      this.report!(sum(this.inDone), sum(this.outDone));
    };
  }
}
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

async function runInLanes(
  jobs: BlockJob[],
  out: Uint8Array,
  pool: XzBlockPool,
  lanes: number,
  opts: ScheduleOptions,
): Promise<BlockResults> {
  const results: BlockResults = [];
  const progress = new Progress(jobs.length, opts.onProgress);
  /** Blocks from `stop` on are not started (a block before them failed). */
  let stop = jobs.length;
  let next = 0;
  /** Blocks a pool lane could not run: this thread decodes them after the lanes. */
  const orphans: number[] = [];
  const running = new Map<number, AbortController>();
  const take = (): number => (next < stop ? next++ : -1);
  const settle = (i: number, r: XzBlockResult): void => {
    results[i] = r;
    if (r.status === 'ok' || i >= stop) return;
    stop = i + 1;
    for (const [j, c] of running) if (j > i) c.abort();
  };

  const local = async (first: number): Promise<void> => {
    const lz = await Liblzma.acquire();
    try {
      for (let i = first; i >= 0; i = take()) {
        throwIfAborted(opts.signal);
        settle(i, await decodeHere(lz, jobs[i]!, out, opts, progress.of(i)));
      }
    } finally {
      lz.release();
    }
  };

  const remote = async (): Promise<void> => {
    for (let i = take(); i >= 0; i = take()) {
      throwIfAborted(opts.signal);
      const job = jobs[i]!;
      const c = new AbortController();
      const onAbort = (): void => c.abort();
      opts.signal?.addEventListener('abort', onAbort);
      running.set(i, c);
      try {
        const done = await pool.decode({ ...job.input, outSize: job.room }, c.signal, progress.of(i));
        const produced = Math.min(done.result.produced, job.room, done.output.length);
        out.set(done.output.subarray(0, produced), job.start);
        settle(i, { ...done.result, produced });
      } catch (e) {
        throwIfAborted(opts.signal);
        if (isAbort(e)) continue; // stopped: a block before it failed
        orphans.push(i); // the pool could not run it (a worker failed to start): decode it here
        return;
      } finally {
        running.delete(i);
        opts.signal?.removeEventListener('abort', onAbort);
      }
    }
  };

  // This thread takes the first block before any lane starts: it needs no copy and leads the prefix.
  const first = take();
  const all = [local(first), ...Array.from({ length: lanes }, remote)];
  const settled = await Promise.allSettled(all);
  throwIfAborted(opts.signal);
  for (const s of settled) if (s.status === 'rejected') throw s.reason;

  if (orphans.length > 0) {
    const lz = await Liblzma.acquire();
    try {
      for (const i of orphans.sort((a, b) => a - b)) {
        if (i >= stop) break;
        settle(i, await decodeHere(lz, jobs[i]!, out, opts, progress.of(i)));
      }
    } finally {
      lz.release();
    }
  }
  return results;
}
