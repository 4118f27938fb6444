/**
 * A block worker's count of the pieces it sent whose buffers have not come back (xz-block-worker.ts):
 * once `max` are away the decoder waits for one, so it never runs more than `max` pieces ahead of
 * the receiver and keeps decoding into the same few touched buffers instead of fresh pages.
 */
export class PiecesAway {
  private away = 0;
  private back: (() => void) | null = null;

  constructor(private readonly max: number) {}

  get count(): number {
    return this.away;
  }

  sent(): void {
    this.away++;
  }

  /** A buffer came back: a decoder waiting for one goes on. */
  returned(): void {
    this.away = Math.max(0, this.away - 1);
    const go = this.back;
    this.back = null;
    go?.();
  }

  /** Null while fewer than `max` are away; else a promise that resolves when one comes back. */
  full(): Promise<void> | null {
    if (this.away < this.max) return null;
    return new Promise((resolve) => (this.back = resolve));
  }
}

/**
 * `count` buffers of `size` bytes whose pages are touched (written once): the spares a fresh block
 * worker fills its first pieces into. Fresh buffers fault in their pages on the first write, inside
 * the open (8 MiB: ~2,000 faults on the block worker's critical path); touched while idle, they
 * count as idle memory, and PiecesAway keeps the pieces within them.
 */
export function touchedBuffers(count: number, size: number): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (let i = 0; i < count; i++) {
    const b = new ArrayBuffer(size);
    new Uint8Array(b).fill(1);
    out.push(b);
  }
  return out;
}
