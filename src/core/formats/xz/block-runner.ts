/**
 * Per-block output pipeline: as LZMA2 output for a block lands in the preallocated buffer, undo
 * its BCJ/Delta filters in place (innermost first, each carrying its look-ahead) and feed the now
 * final bytes to the block's check in batches of about 1 MiB.
 */
import { type BlockCheck, createCheck } from './checks';
import type { OutFilter } from './filter-types';
import { makeFilter } from './filters';
import type { XzBlock } from './parse';

/** Hash in calls of about this size: large enough to amortise calls, small enough to stay warm. */
const HASH_BATCH = 1 << 20;

export class BlockRunner {
  /** Decoders in decode order: the filter next to LZMA2 first. */
  private readonly filters: OutFilter[];
  private readonly done: number[];
  private readonly check: BlockCheck | null;
  private hashed: number;
  readonly end: number;

  constructor(
    readonly block: XzBlock,
    readonly start: number,
    opts: { applyFilters: boolean; verify: boolean; preferSubtle: boolean },
  ) {
    this.end = start + block.uncompressedSize;
    const chain = opts.applyFilters ? block.filters.slice(0, -1).reverse() : [];
    this.filters = chain.map((f) => makeFilter(f, start));
    this.done = chain.map(() => start);
    this.check =
      opts.verify && block.complete && block.checkOffset >= 0
        ? createCheck(block.checkType, opts.preferSubtle)
        : null;
    this.hashed = start;
  }

  /**
   * Output is present up to `avail`; `last` when the block has no more output coming. Returns
   * how far the bytes are final (BCJ filters hold back a few look-ahead bytes unless `last`).
   */
  feed(out: Uint8Array, avail: number, last: boolean): number {
    let upTo = avail;
    for (let k = 0; k < this.filters.length; k++) {
      upTo = this.done[k] = this.filters[k]!.run(out, this.done[k]!, upTo, last);
    }
    if (this.check && (last || upTo - this.hashed >= HASH_BATCH)) {
      this.check.update(out, this.hashed, upTo);
      this.hashed = upTo;
    }
    return upTo;
  }

  /** The computed check of the whole block, or null when this block is not verified. */
  finish(out: Uint8Array): Promise<Uint8Array> | Uint8Array | null {
    return this.check ? this.check.finish(out.subarray(this.start, this.end)) : null;
  }
}
