import { describe, expect, it } from 'vitest';
import { findMarkers, markers } from './markers';

const enc = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
const buf = (...parts: (string | number[])[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? enc(p) : p)));
const XZ = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
const GZ = [0x1f, 0x8b, 0x08];

describe('markers', () => {
  it('finds IKCFG (8-byte) and IKHD (7-byte) pairs with their payload offsets', () => {
    const b = buf('xxIK', 'IKCFG_ST', GZ, 'data', 'IKCFG_ED', 'yy', 'IKHD_ST', XZ, 'more', 'IKHD_ED');
    const { hits, rejected } = findMarkers(b);
    expect(rejected).toBe(0);
    expect(hits.map((h) => [h.spec.id, h.offset, h.payload, h.endMarker])).toEqual([
      ['ikcfg', 4, 12, 19],
      ['ikhd', 29, 36, 46],
    ]);
  });

  it('rejects a marker string not followed by the payload magic (e.g. the string in extract code)', () => {
    const { hits, rejected } = findMarkers(buf('IKCFG_ST', 'not gzip', 'IKHD_ST', [0, 1, 2]));
    expect(hits).toEqual([]);
    expect(rejected).toBe(2);
  });

  it('reports a missing end marker as -1', () => {
    const { hits } = findMarkers(buf('IKHD_ST', XZ, 'cut short'));
    expect(hits[0]!.endMarker).toBe(-1);
  });
});

describe('marker specs describe themselves', () => {
  it('each spec carries its kind, marker pair and payload label (the opener has no per-id branches)', () => {
    expect(markers.map((m) => [m.id, m.kind, m.pair, m.payloadLabel])).toEqual([
      ['ikcfg', 'config', 'IKCFG_ST/IKCFG_ED', 'kernel config (gzip)'],
      ['ikhd', 'headers', 'IKHD_ST/IKHD_ED', 'kernel headers (xz)'],
    ]);
  });
});
