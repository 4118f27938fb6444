/**
 * The header checksum: the tar reader sums 4 bytes per step (SWAR) from an aligned 32-bit view and
 * falls back to one byte per step on an unaligned buffer; looksLikeTar always sums bytes. All three
 * must agree with a plain byte sum, for the unsigned sum and GNU tar's signed variant.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksLikeTar, readTar } from './tar';

const dir = join(__dirname, '../../test/fixtures/tar');

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Plain sums over the header, the checksum field counted as 8 spaces. */
function naive(h: Uint8Array): { unsigned: number; signed: number } {
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < 512; i++) {
    const c = i >= 148 && i < 156 ? 32 : h[i]!;
    unsigned += c;
    signed += c > 127 ? c - 256 : c;
  }
  return { unsigned, signed };
}

/** A header of random bytes that is a regular, empty file named from its first bytes. */
function randomHeader(next: () => number, fill?: number): Uint8Array {
  const h = new Uint8Array(512);
  for (let i = 0; i < 512; i++) h[i] = fill ?? Math.floor(next() * 256);
  h[0] = 0x61; // 'a': not a zero block
  h.set(new TextEncoder().encode('00000000000\0'), 124); // size 0
  h[156] = 0x30; // '0': a regular file
  return h;
}

function withChecksum(h: Uint8Array, sum: number): Uint8Array {
  const out = h.slice();
  const field = sum.toString(8).padStart(6, '0') + '\0 ';
  for (let i = 0; i < 8; i++) out[148 + i] = field.charCodeAt(i);
  return out;
}

/** The header followed by the two end-of-archive blocks, at byte offset `shift` of its buffer. */
function archive(h: Uint8Array, shift: number): Uint8Array {
  const out = new Uint8Array(new ArrayBuffer(shift + 1536), shift, 1536);
  out.set(h);
  return out;
}

function accepted(h: Uint8Array): boolean[] {
  return [0, 1, 2, 3].map((shift) => {
    const r = readTar(archive(h, shift));
    return r.errors.length === 0 && r.entries.length === 1;
  });
}

describe('tar header checksum', () => {
  const next = rng(0x6b686931);
  const headers = [randomHeader(next, 0xff), randomHeader(next, 0x80), randomHeader(next, 0x7f)];
  for (let i = 0; i < 300; i++) headers.push(randomHeader(next));

  it('accepts the unsigned sum, aligned or not, like a plain byte sum', () => {
    for (const h of headers) {
      const ok = withChecksum(h, naive(h).unsigned);
      expect(accepted(ok)).toEqual([true, true, true, true]);
      expect(looksLikeTar(archive(ok, 0))).toBe(true);
    }
  });

  it('accepts the signed sum and nothing one off either sum', () => {
    for (const h of headers) {
      const { unsigned, signed } = naive(h);
      if (signed >= 0) expect(accepted(withChecksum(h, signed))).toEqual([true, true, true, true]);
      for (const sum of [unsigned - 1, unsigned + 1, signed + 1]) {
        if (sum < 0 || sum === unsigned || sum === signed) continue;
        const bad = withChecksum(h, sum);
        const r = readTar(archive(bad, 1));
        expect(r.errors[0]).toMatchObject({ code: 'corrupt', offset: 0 });
        expect(accepted(bad)).toEqual([false, false, false, false]);
        expect(looksLikeTar(archive(bad, 0))).toBe(false);
      }
    }
  });

  it('reads every committed fixture the same from an aligned and an unaligned buffer', () => {
    const names = readdirSync(dir).filter((n) => n.endsWith('.tar'));
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) {
      const bytes = new Uint8Array(readFileSync(join(dir, name)));
      const shifted = new Uint8Array(new ArrayBuffer(bytes.length + 3), 3, bytes.length);
      shifted.set(bytes);
      expect(readTar(shifted), name).toEqual(readTar(bytes.slice()));
    }
  });
});
