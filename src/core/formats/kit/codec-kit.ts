/**
 * Pieces shared by the hand-written codecs (gzip, zstd, lz4-legacy, bzip2): a growable output
 * buffer with a hard cap, a pacer that reports progress and lets an abort message in, the kbuild
 * size-trailer check. (The guard every codec runs behind is `guard.ts`.)
 */
import { khiError, type KhiError } from '../../errors';
import { u32le } from '../../bytes';
import { formatInt } from '../../format-size';
import type { OutputSink } from '../../wasm/steps';
import type { DecodeOptions } from '../contract';

/**
 * Memory a platform lends for one large output whose size is known before decoding (the browser's
 * decode worker lends pages it touched while the page was idle: src/worker/output-arena.ts). The
 * first touch of fresh memory is a page fault per 4 KiB, and for a 31.7 MB tar that costs more CPU
 * than the tar walk and the tree together.
 */
export interface OutputArena {
  /** `n` zeroed bytes, or null when the arena is spent, or `n` is too small or too large for it. */
  take(n: number): Uint8Array | null;
}

let arena: OutputArena | null = null;

/** Register the platform's arena (null: every output is fresh memory). */
export function setOutputArena(a: OutputArena | null): void {
  arena = a;
}

/** `n` zeroed bytes for an output: from the arena when it lends them, else freshly allocated. */
export function outputBuffer(n: number): Uint8Array {
  return arena?.take(n) ?? new Uint8Array(n);
}

/**
 * An output buffer that grows by doubling up to `cap` (+ `slack`, so a decoder may write a whole
 * match before it checks the cap). `buf` may be replaced by `ensure`; re-read it after each call.
 */
export class OutBuf {
  buf: Uint8Array;
  constructor(
    initial: number,
    readonly cap: number,
    readonly slack = 0,
  ) {
    const n = Math.max(0, Math.min(initial, cap + slack));
    try {
      this.buf = outputBuffer(n);
    } catch {
      // A first guess the engine cannot allocate (it only reserves address space; pages are
      // touched as they are written): start small and grow as the data arrives.
      this.buf = new Uint8Array(Math.min(n, 1 << 20));
    }
  }
  /**
   * Make room for `need` bytes in total (keeping the first `used`). Grows at most to cap + slack;
   * returns false when `need` does not fit even then.
   */
  ensure(need: number, used: number): boolean {
    if (need <= this.buf.length) return true;
    const target = Math.min(this.cap + this.slack, Math.max(need, this.buf.length * 2, 1 << 16));
    if (target > this.buf.length) {
      let next: Uint8Array;
      try {
        next = new Uint8Array(target);
      } catch {
        next = new Uint8Array(Math.min(target, need)); // no room to double: exactly what is needed
      }
      next.set(this.buf.subarray(0, used));
      this.buf = next;
    }
    return need <= this.buf.length;
  }
  /** The first `n` bytes; copied when the buffer is much larger than the data, to free memory. */
  result(n: number): Uint8Array {
    if (n === this.buf.length) return this.buf;
    if (this.buf.length - n > Math.max(1 << 20, n >> 3)) return this.buf.slice(0, n);
    return this.buf.subarray(0, n);
  }
}

/** Progress, cancellation and an occasional yield to the event loop (so an abort message can arrive). */
export class Pacer {
  private last = Date.now();
  constructor(
    private readonly opts: DecodeOptions,
    private readonly yieldEveryMs = 100,
  ) {}
  aborted(): boolean {
    return this.opts.signal?.aborted === true;
  }
  /** Report progress; returns a 'cancelled' error when the signal has fired. */
  async tick(inDone: number, outDone: number): Promise<KhiError | null> {
    this.opts.onProgress?.(inDone, outDone);
    if (this.aborted()) return khiError('cancelled', 'Cancelled.', inDone);
    const now = Date.now();
    if (now - this.last >= this.yieldEveryMs) {
      await new Promise<void>((r) => setTimeout(r, 0));
      this.last = Date.now();
      if (this.aborted()) return khiError('cancelled', 'Cancelled.', inDone);
    }
    return null;
  }
}

export function cancelled(offset: number): KhiError {
  return khiError('cancelled', 'Cancelled.', offset);
}

export function tooLarge(what: string, cap: number, offset: number): KhiError {
  return khiError(
    'too-large',
    `The ${what} output passed the limit of ${formatInt(cap)} bytes; decoding stopped there.`,
    offset,
  );
}

/**
 * kbuild appends the uncompressed size as a 4-byte little-endian number after every payload except
 * gzip. When the 4 bytes at `end` equal the output size (mod 2^32) say so, and report them as
 * part of the file rather than as unknown trailing bytes.
 */
export function sizeTrailer(input: Uint8Array, end: number, outLen: number): boolean {
  return end + 4 <= input.length && u32le(input, end) === outLen % 0x1_0000_0000;
}

/** Notes about what follows the stream: the kbuild size trailer, and any other trailing bytes. */
export function trailingNotes(
  input: Uint8Array,
  end: number,
  outLen: number,
  notes: string[],
  fields: Record<string, string | number>,
): void {
  let after = end;
  if (sizeTrailer(input, end, outLen)) {
    notes.push(
      `kbuild size trailer matches: the 4 bytes after the stream hold the output size (${formatInt(outLen)}).`,
    );
    fields['size trailer'] = u32le(input, end);
    after += 4;
  }
  const rest = input.length - after;
  if (rest > 0)
    notes.push(`${formatInt(rest)} trailing byte${rest === 1 ? '' : 's'} after the stream (not part of it).`);
}

/** A step sink (wasm/steps.ts) over an OutBuf: room up to the cap; the buffer grows as bytes arrive. */
export class OutBufSink implements OutputSink {
  written = 0;
  constructor(readonly out: OutBuf) {}
  room(): number {
    return this.out.cap - this.written;
  }
  put(bytes: Uint8Array): void {
    const need = this.written + bytes.length;
    if (!this.out.ensure(need, this.written))
      throw new RangeError(`Cannot grow the output to ${need} bytes.`);
    this.out.buf.set(bytes, this.written);
    this.written = need;
  }
}

/**
 * A step sink for output of unknown size: the first buffer has the guessed size; when it fills,
 * more chunks are added instead of growing one buffer (growing copies everything written so far
 * into fresh memory, and first touches of fresh pages are what costs most here). `result` returns
 * the first buffer when it holds everything, else joins the chunks once into an exact-size buffer.
 */
export class ChunkSink implements OutputSink {
  written = 0;
  private readonly full: Uint8Array[] = [];
  private cur: Uint8Array;
  private at = 0;
  constructor(
    first: number,
    readonly cap: number,
  ) {
    this.cur = new Uint8Array(Math.max(0, Math.min(first, cap)));
  }
  room(): number {
    return this.cap - this.written;
  }
  put(bytes: Uint8Array): void {
    let b = bytes;
    while (b.length > 0) {
      if (this.at === this.cur.length) {
        if (this.at > 0) this.full.push(this.cur);
        // Double the total each time (a few chunks at most), never past the cap.
        const n = Math.min(this.cap - this.written, Math.max(b.length, this.written, 1 << 16));
        this.cur = new Uint8Array(n);
        this.at = 0;
      }
      const n = Math.min(b.length, this.cur.length - this.at);
      this.cur.set(b.subarray(0, n), this.at);
      this.at += n;
      this.written += n;
      b = b.subarray(n);
    }
  }
  /** Drop what was written after the first `n` bytes (n ≤ written). */
  truncate(n: number): void {
    while (this.written - this.at > n) {
      this.written -= this.at;
      this.cur = this.full.pop()!;
      this.at = this.cur.length;
    }
    if (n < this.written) {
      this.at -= this.written - n;
      this.written = n;
    }
  }
  /** Everything written, in one buffer (copied once only when it spans chunks or the guess was far too large). */
  result(): Uint8Array {
    if (this.full.length === 0) {
      const b = this.cur;
      const n = this.at;
      if (b.length - n <= n >>> 2) return b.subarray(0, n);
      try {
        return b.slice(0, n); // free the unused part of a far-too-large guess
      } catch {
        return b.subarray(0, n);
      }
    }
    const out = new Uint8Array(this.written);
    let o = 0;
    for (const c of this.full) {
      out.set(c, o);
      o += c.length;
    }
    out.set(this.cur.subarray(0, this.at), o);
    return out;
  }
}
