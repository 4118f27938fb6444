/**
 * A decoder-side filter that runs in place over a block's output as it arrives.
 *
 * `run(b, from, to, last)` undoes the filter over b[from, to). `from` is always where the previous
 * call said the bytes became final, so BCJ filters carry their few look-ahead bytes across calls
 * by simply being handed them again. It returns the index up to which the bytes are now final.
 * With `last` (the block has no more data) it returns `to`: the last few bytes that cannot hold a
 * whole instruction stay as they are, exactly as liblzma and xz-embedded leave them.
 */
export interface OutFilter {
  run(b: Uint8Array, from: number, to: number, last: boolean): number;
}

/**
 * The filter's program counter for output index i is (base + i) mod 2^32, where
 * base = startOffset - blockStart (the start offset comes from the filter property).
 */
export const pcAt = (base: number, i: number): number => (base + i) >>> 0;
