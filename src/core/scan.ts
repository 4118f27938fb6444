/**
 * The scanner: every offset where a codec magic occurs, found with the native indexOf on the magic's
 * rarest byte and verified on the rest (the fastest method available in browsers and Node).
 * Hits are only candidates: the opener (opener/magics.ts) validates each with the codec's probe and a trial decode.
 */
import { indexOfBytes } from './bytes';

export interface Candidate<T> {
  at: number;
  item: T;
}

/** All occurrences of each item's magic in `bytes`, sorted by offset. */
export function findMagics<T extends { magic: Uint8Array }>(
  bytes: Uint8Array,
  items: readonly T[],
): Candidate<T>[] {
  return [...magicHits(bytes, items)];
}

/** Bytes scanned at a time by magicHits. */
const WINDOW = 1 << 16;

/**
 * The same hits, found window by window as they are asked for: a caller that stops at the first
 * good hit (a kernel image that is one gzip stream from offset 0) does not scan the rest.
 */
export function* magicHits<T extends { magic: Uint8Array }>(
  bytes: Uint8Array,
  items: readonly T[],
): Generator<Candidate<T>> {
  for (let w = 0; w < bytes.length; w += WINDOW) {
    const hits: Candidate<T>[] = [];
    for (const item of items) {
      // Hits that start in [w, w + WINDOW), the magic possibly running past the window.
      const to = Math.min(bytes.length, w + WINDOW + item.magic.length - 1);
      for (
        let i = indexOfBytes(bytes, item.magic, w, to);
        i >= 0;
        i = indexOfBytes(bytes, item.magic, i + 1, to)
      )
        hits.push({ at: i, item });
    }
    yield* hits.sort((a, b) => a.at - b.at);
  }
}
