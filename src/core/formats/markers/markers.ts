/**
 * Marker-delimited blobs (kernel/configs.c, and the 2019 kheaders patch series):
 * - IKCFG_ST <gzip of .config> IKCFG_ED — 8-byte markers, still emitted by kernel/configs.c.
 * - IKHD_ST <tar.xz> IKHD_ED — 7-byte markers of the early 2019 kheaders patches (dropped before merge).
 */
import { ascii, bytesAt, indexOfBytes } from '../../bytes';
import type { CodecId } from '../contract';

interface MarkerSpec {
  id: 'ikcfg' | 'ikhd';
  name: string;
  /** What the blob holds. */
  kind: 'config' | 'headers';
  /** The marker pair as people write it, e.g. "IKCFG_ST/IKCFG_ED". */
  pair: string;
  /** Label of the decoded payload's layer, e.g. "kernel config (gzip)". */
  payloadLabel: string;
  start: Uint8Array;
  end: Uint8Array;
  /** What the bytes between the markers hold. */
  expect: CodecId;
  /** The magic that must follow the start marker directly. */
  payloadMagic: Uint8Array;
}

export const markers: MarkerSpec[] = [
  {
    id: 'ikcfg',
    name: 'IKCFG_ST … IKCFG_ED (kernel config, CONFIG_IKCONFIG)',
    kind: 'config',
    pair: 'IKCFG_ST/IKCFG_ED',
    payloadLabel: 'kernel config (gzip)',
    start: ascii('IKCFG_ST'),
    end: ascii('IKCFG_ED'),
    expect: 'gzip',
    payloadMagic: new Uint8Array([0x1f, 0x8b, 0x08]),
  },
  {
    id: 'ikhd',
    name: 'IKHD_ST … IKHD_ED (kernel headers, 2019 kheaders patch)',
    kind: 'headers',
    pair: 'IKHD_ST/IKHD_ED',
    payloadLabel: 'kernel headers (xz)',
    start: ascii('IKHD_ST'),
    end: ascii('IKHD_ED'),
    expect: 'xz',
    payloadMagic: new Uint8Array([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]),
  },
];

export interface MarkerHit {
  spec: MarkerSpec;
  /** Offset of the start marker. */
  offset: number;
  /** Offset of the payload (just after the start marker). */
  payload: number;
  /** Offset of the end marker, or -1 when it is missing (truncated). */
  endMarker: number;
}

const IK = ascii('IK');

/**
 * All marker pairs in `buf`, in file order. The payload must start with the expected magic.
 * Both start markers begin with "IK", so one pass (anchored on the rarer 'K') finds both.
 */
export function findMarkers(buf: Uint8Array): { hits: MarkerHit[]; rejected: number } {
  const hits: MarkerHit[] = [];
  let rejected = 0;
  let at = indexOfBytes(buf, IK);
  while (at >= 0) {
    let next = at + 1;
    for (const spec of markers) {
      if (!bytesAt(buf, at, spec.start)) continue;
      const payload = at + spec.start.length;
      if (bytesAt(buf, payload, spec.payloadMagic)) {
        const endMarker = indexOfBytes(buf, spec.end, payload);
        hits.push({ spec, offset: at, payload, endMarker });
        next = endMarker < 0 ? payload : endMarker + spec.end.length;
      } else {
        // The marker string also appears in code that looks for it (e.g. a string constant).
        rejected++;
      }
      break;
    }
    at = indexOfBytes(buf, IK, next);
  }
  return { hits, rejected };
}
