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
  const out: Candidate<T>[] = [];
  for (const item of items) {
    for (let i = indexOfBytes(bytes, item.magic); i >= 0; i = indexOfBytes(bytes, item.magic, i + 1)) {
      out.push({ at: i, item });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}
