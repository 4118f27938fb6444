/**
 * Run the planned xz Blocks into the one output buffer: one after another on this thread, or, when a
 * pool is registered (block-pool.ts) and there is more than one block, in lanes. Blocks go largest
 * first (the longest decode starts first), and this thread picks first: it starts at once and decodes
 * straight into its slice of the output (memory the platform may have touched already), while a pool
 * lane's output arrives in pieces, copied into place as they come (one copy; the page is not
 * cross-origin isolated, so there is no SharedArrayBuffer). When a block fails, no later block is
 * started and the later ones still running are stopped: the output is a prefix, so they could not be
 * kept; every block before the failure runs. An abort stops everything and keeps the results of the
 * blocks that finished. Both ways give the same results, block for block.
 *
 * With `onPrefix` (someone reads the output while it decodes: the opener's tar walk), a pool and more
 * than one block, the blocks at the START of the output go to the lanes, in block order, and this
 * thread takes blocks from the end (none when the lanes can take them all): it stays free to read the
 * output's prefix from offset 0 as the lanes' pieces land, instead of decoding the first block itself.
 * A lone block decodes here, and the reader reads after it.
 */
import { isAbort, throwIfAborted } from '../../errors';
import { Liblzma } from '../../wasm/liblzma';
import { RET_TRAP } from '../../wasm/steps';
import { type XzBlockInput, type XzBlockResult, decodeXzBlockWith } from './block';
import type { BlockPut, XzBlockPool } from './block-pool';

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
  /**
   * With a pool only: called on this thread whenever the output's contiguous prefix from offset 0
   * grows, with its length. Those bytes are in place and never change; they may still be dropped
   * (a block that fails keeps nothing of itself), so the caller checks against what is kept.
   */
  onPrefix?: (avail: number) => void;
}

/** Results in block order; `undefined` for blocks not run (after a failure, or an abort). */
export type BlockResults = (XzBlockResult | undefined)[];

export interface BlockRun {
  results: BlockResults;
  /** The signal fired: the blocks still running then were stopped and have no result. */
  aborted: boolean;
}

export async function runBlocks(
  jobs: BlockJob[],
  out: Uint8Array,
  pool: XzBlockPool | null,
  opts: ScheduleOptions,
): Promise<BlockRun> {
  // A lone block stays here: a lane finished it 25-50 ms later (its pieces are posted and copied),
  // more than reading the tar during the decode saved (bench:browser, 1 block: 1.36-1.49x -> 1.22-1.33x).
  const reading = pool !== null && pool.size > 0 && opts.onPrefix !== undefined && jobs.length > 1;
  // Lanes beside this thread; while reading, this thread may leave every block to them.
  const lanes = !pool || jobs.length < 2 ? 0 : Math.min(pool.size, reading ? jobs.length : jobs.length - 1);
  const indices = jobs.map((_, i) => i);
  if (lanes > 0 && !reading) indices.sort((a, b) => jobs[b]!.room - jobs[a]!.room || a - b); // ties in block order
  const run = new Run(jobs, out, reading ? opts : { ...opts, onPrefix: undefined }, new Queue(indices));
  if (reading) run.yieldNow = pool.yieldNow;
  try {
    // Reading: this thread decodes only what the lanes cannot start at once, from the end.
    if (reading) await run.inLanes(pool!, lanes, jobs.length > lanes ? () => run.queue.back() : () => -1);
    else if (lanes > 0) await run.inLanes(pool!, lanes, () => run.queue.front());
    else await run.here(() => run.queue.front());
  } catch (e) {
    if (!isAbort(e)) throw e;
    return { results: run.results, aborted: true };
  }
  return { results: run.results, aborted: false };
}

/** The blocks not started yet, in the order given; none from `stop` on (a block before failed). */
class Queue {
  private next = 0;
  private last: number;
  stop = Infinity;
  constructor(private readonly order: number[]) {
    this.last = order.length - 1;
  }
  front(): number {
    while (this.next <= this.last) {
      const i = this.order[this.next++]!;
      if (i < this.stop) return i;
    }
    return -1;
  }
  back(): number {
    while (this.last >= this.next) {
      const i = this.order[this.last--]!;
      if (i < this.stop) return i;
    }
    return -1;
  }
}

class Run {
  readonly results: BlockResults = [];
  private readonly progress: Progress;
  /** Pooled blocks running now, each with the controller that stops it. */
  private readonly running = new Map<number, AbortController>();
  /** Blocks a pool lane could not run: this thread decodes them after the lanes. */
  private readonly orphans: number[] = [];
  /** For onPrefix: output bytes in place per block (from its start), and the prefix told so far. */
  private readonly filled: number[];
  private prefix = 0;
  /** While reading: the pool's cheap yield, for the blocks this thread decodes (block-pool.ts). */
  yieldNow?: () => Promise<void>;

  constructor(
    private readonly jobs: BlockJob[],
    private readonly out: Uint8Array,
    private readonly opts: ScheduleOptions,
    readonly queue: Queue,
  ) {
    this.progress = new Progress(jobs.length, opts.onProgress);
    this.filled = new Array<number>(jobs.length).fill(0);
  }

  /** Block `i` has its first `n` output bytes in place: tell onPrefix when the prefix grew. */
  private inPlace(i: number, n: number): void {
    const onPrefix = this.opts.onPrefix;
    if (!onPrefix || n <= this.filled[i]!) return;
    this.filled[i] = n;
    let b = 0;
    while (b < this.jobs.length - 1 && this.filled[b] === this.jobs[b]!.room) b++;
    const prefix = this.jobs[b]!.start + this.filled[b]!;
    if (prefix <= this.prefix) return;
    this.prefix = prefix;
    onPrefix(prefix);
  }

  /** Record a block's result; a failure stops the blocks after it (the output is a prefix). */
  private settle(i: number, r: XzBlockResult): void {
    this.results[i] = r;
    this.inPlace(i, r.produced);
    if (r.status === 'ok' || i >= this.queue.stop) return;
    this.queue.stop = i + 1;
    for (const [j, c] of this.running) if (j > i) c.abort();
  }

  /** This thread: decode the blocks `next` gives straight into their slices of the output. */
  async here(next: () => number): Promise<void> {
    const first = next(); // picked before any lane starts
    if (first < 0) return;
    let lz = await Liblzma.acquire();
    try {
      for (let i = first; i >= 0; i = next()) {
        throwIfAborted(this.opts.signal);
        const job = this.jobs[i]!;
        const slice = this.out.subarray(job.start, job.start + job.room);
        const { signal, reportEvery } = this.opts;
        const onProgress = this.progress.of(i);
        const { yieldNow } = this;
        const pace = yieldNow ? { yieldNow, yieldMs: 0 } : {};
        const step = { signal, reportEvery, onProgress, ...pace };
        const r = await decodeXzBlockWith(lz, job.input, slice, step);
        this.settle(i, r);
        if (r.ret === RET_TRAP) {
          // A trapped instance is dropped (pool.ts); an earlier block still to come gets a fresh one.
          lz.release();
          lz = await Liblzma.acquire();
        }
      }
    } finally {
      lz.release();
    }
  }

  /** This thread and `lanes` pool lanes at once; then whatever the pool could not run. */
  async inLanes(pool: XzBlockPool, lanes: number, next: () => number): Promise<void> {
    const all = [this.here(next)];
    for (let k = 0; k < lanes; k++) all.push(this.lane(pool));
    const settled = await Promise.allSettled(all);
    throwIfAborted(this.opts.signal);
    for (const s of settled) if (s.status === 'rejected') throw s.reason;
    const left = this.orphans.sort((a, b) => a - b);
    await this.here(() => {
      const i = left.shift();
      return i !== undefined && i < this.queue.stop ? i : -1;
    });
  }

  /** One pool lane: the largest blocks left, decoded elsewhere. */
  private async lane(pool: XzBlockPool): Promise<void> {
    for (let i = this.queue.front(); i >= 0; i = this.queue.front()) {
      throwIfAborted(this.opts.signal);
      try {
        this.settle(i, await this.pooled(pool, i));
      } catch (e) {
        throwIfAborted(this.opts.signal);
        if (isAbort(e)) continue; // stopped: a block before it failed
        this.orphans.push(i); // the pool could not run it (a worker failed to start): decode it here
        return;
      }
    }
  }

  /** Decode block `i` in the pool, copying its pieces into place in order as they arrive. */
  private async pooled(pool: XzBlockPool, i: number): Promise<XzBlockResult> {
    const job = this.jobs[i]!;
    const c = new AbortController();
    const onAbort = (): void => c.abort();
    this.opts.signal?.addEventListener('abort', onAbort);
    this.running.set(i, c);
    let filled = 0;
    const put: BlockPut = (at, bytes) => {
      if (c.signal.aborted || at !== filled || filled + bytes.length > job.room) return;
      this.out.set(bytes, job.start + at);
      filled += bytes.length;
      this.inPlace(i, filled);
    };
    try {
      const r = await pool.decode({ ...job.input, outSize: job.room }, c.signal, put, this.progress.of(i));
      if (r.produced !== filled) throw new Error(`The pool lost output of block ${i + 1}.`);
      return r;
    } finally {
      this.running.delete(i);
      this.opts.signal?.removeEventListener('abort', onAbort);
    }
  }
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
