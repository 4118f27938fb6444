/**
 * A fast non-cryptographic 64-bit content hash (two 32-bit lanes of multiply–rotate over 32-bit
 * words, murmur3-style finalizers), for telling equal files from changed ones without holding
 * both archives' bytes side by side, synchronously (crypto.subtle would be one async digest call
 * per file, 6,000 of them). npm run bench:compare reports the time of this step. Equal sizes and equal hashes count as equal content
 * (64 bits: a chance collision between the two versions of one path is negligible, but the hash
 * is not collision-resistant against a crafted file).
 */
import { hex8 } from '../bytes';

/** The hash as 16 hex digits. */
export function contentHash(b: Uint8Array): string {
  const n4 = b.length >>> 2;
  let h1 = 0x9e3779b9 ^ b.length;
  let h2 = 0x85ebca6b ^ b.length;
  // Tar bodies start on 512-byte boundaries, so the word view is the normal path.
  const words = (b.byteOffset & 3) === 0 ? new Uint32Array(b.buffer, b.byteOffset, n4) : null;
  for (let i = 0; i < n4; i++) {
    const k = words
      ? words[i]!
      : b[4 * i]! | (b[4 * i + 1]! << 8) | (b[4 * i + 2]! << 16) | (b[4 * i + 3]! << 24);
    h1 = Math.imul(h1 ^ k, 0x85ebca77);
    h1 = (h1 << 13) | (h1 >>> 19);
    h2 = Math.imul((h2 + k) | 0, 0xc2b2ae3d);
    h2 ^= h2 >>> 15;
  }
  for (let i = n4 * 4; i < b.length; i++) {
    h1 = Math.imul(h1 ^ b[i]!, 0x27d4eb2f);
    h2 = Math.imul((h2 + b[i]!) | 0, 0x165667b1);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0xc2b2ae35);
  h2 ^= h2 >>> 13;
  // Mix the lanes so a change seen by one lane reaches both halves.
  const lo = Math.imul(h1 ^ (h2 >>> 15), 0x2c1b3c6d) >>> 0;
  const hi = Math.imul(h2 ^ (h1 >>> 13), 0x297a2d39) >>> 0;
  return hex8(hi) + hex8(lo);
}
