/**
 * A pre-faulted output arena for the decode worker: one buffer whose pages are touched while the
 * page is idle (after the worker starts, and again after each open), lent to the next large decode
 * whose size is known in advance (the xz index; codec-kit's OutBuf). The first write to a fresh page
 * is a page fault; for the 31.7 MB kheaders tar that was 135–170 ms of CPU inside the open on the
 * project VM (transparent huge pages are madvise-only there), now spent before the file is chosen.
 *
 * Memory: the arena is ARENA_BYTES of address space, of which only the first `warm` bytes are
 * touched (the size of the last output it lent, ARENA_FIRST_WARM before any): that much resident
 * memory is held while idle. The tar then lives in the arena, so pages touched but not used by it
 * (warm − tar) stay resident as long as that tar is open. A decode larger than the arena gets fresh
 * memory as before.
 */
import type { OutputArena } from '../core/formats/kit/codec-kit';

/** Largest output the arena lends (address space; only `warm` bytes of it are touched). */
export const ARENA_BYTES = 64 << 20;
/** Smallest output worth the arena: smaller ones fault little, and must not spend it. */
export const ARENA_MIN = 4 << 20;
/**
 * Bytes touched for the first open: a kheaders tar is 25–45 MB; a larger output takes the arena too
 * and its pages past this fault as it is written, as without an arena.
 */
const ARENA_FIRST_WARM = 32 << 20;
const PAGE = 4096;
/** Touched per slice before yielding, so a message (an open) is never kept waiting long. */
const SLICE = 4 << 20;

export class PrefaultedArena implements OutputArena {
  private buf: Uint8Array | null = null;
  /** Bytes of `buf` touched so far. */
  private touched = 0;
  private warm = ARENA_FIRST_WARM;
  private filling: Promise<void> | null = null;

  take(n: number): Uint8Array | null {
    const b = this.buf;
    if (!b || n < ARENA_MIN || n > b.length) return null;
    this.buf = null;
    this.warm = Math.min(ARENA_BYTES, Math.ceil(n / SLICE) * SLICE);
    return b.subarray(0, n);
  }

  /** Bytes touched and held while idle (for tests and the README). */
  get held(): number {
    return this.buf ? this.touched : 0;
  }

  /**
   * Make the next arena and touch its first `warm` bytes, a slice at a time between macrotasks. An
   * open that takes the arena meanwhile gets it with the pages touched so far; filling then stops.
   */
  refill(): Promise<void> {
    this.filling ??= this.fill().finally(() => (this.filling = null));
    return this.filling;
  }

  private async fill(): Promise<void> {
    if (!this.buf) {
      try {
        this.buf = new Uint8Array(ARENA_BYTES);
      } catch {
        return; // no room: outputs get fresh memory
      }
      this.touched = 0;
    }
    const b = this.buf;
    while (this.buf === b && this.touched < this.warm) {
      const end = Math.min(this.warm, this.touched + SLICE);
      // One write per page faults it in (a write, not a read: a read maps the shared zero page).
      for (let i = this.touched; i < end; i += PAGE) b[i] = 0;
      this.touched = end;
      await new Promise<void>((r) => setTimeout(r, 0));
    }
  }
}
