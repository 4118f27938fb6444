import { describe, expect, it } from 'vitest';
import { linkSha, sha256Hex } from './fingerprint';

const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

describe('sha256Hex', () => {
  it('hashes Blob, ArrayBuffer, Uint8Array and a view into a larger buffer alike', async () => {
    const bytes = new TextEncoder().encode('abc');
    expect(await sha256Hex(bytes)).toBe(ABC);
    expect(await sha256Hex(bytes.slice().buffer)).toBe(ABC);
    expect(await sha256Hex(new Blob([bytes]))).toBe(ABC);
    const padded = new TextEncoder().encode('xxabcyy');
    expect(await sha256Hex(padded.subarray(2, 5))).toBe(ABC);
  });

  it('shortens to the link prefix', () => {
    expect(linkSha(ABC.toUpperCase())).toBe('ba7816bf8f01cfea');
  });
});
