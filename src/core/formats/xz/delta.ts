/**
 * Delta filter decoder (xz filter 0x03): out[i] = in[i] + out[i - distance], distance 1..256 from
 * the property byte + 1. Keeps its own 256-byte history like liblzma's delta_decoder.c, so it stays
 * right when another filter later rewrites the same output bytes in place (filter chains).
 */
import type { OutFilter } from './filter-types';

export function deltaFilter(distance: number): OutFilter {
  const history = new Uint8Array(256);
  let pos = 0;
  return {
    run(b, from, to) {
      for (let i = from; i < to; i++) {
        const v = (b[i]! + history[(distance + pos) & 0xff]!) & 0xff;
        b[i] = v;
        history[pos & 0xff] = v;
        pos = (pos - 1) & 0xff;
      }
      return to;
    },
  };
}
