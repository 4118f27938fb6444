/**
 * Step "markers": marker-delimited blobs (IKCFG_ST/IKCFG_ED, IKHD_ST/IKHD_ED), each decoded as its
 * marker spec says and claimed, so the magic scan does not try the stream inside again.
 */
import { cstr, hex } from '../bytes';
import { codecById } from '../formats';
import { findMarkers, type MarkerHit } from '../formats/markers/markers';
import type { Layer } from '../types';
import { type Cursor, fileOffsetOf, inside, isClaimed, withLayer } from './cursor';
import { decodeStream } from './decode';
import { finished, newLayer } from './run';

export async function scanMarkers(cur: Cursor): Promise<void> {
  const { bytes, parent } = cur;
  for (const hit of findMarkers(bytes).hits) {
    if (finished(cur.run)) return;
    if (isClaimed(cur, hit.payload)) {
      // Already opened (e.g. as an ELF symbol's region): say so on the layer that holds it.
      const owner = parent.children.find(
        (c) => c.offset <= hit.payload && hit.payload < c.offset + (c.length ?? 0),
      );
      owner?.notes.push(`${hit.spec.pair} markers surround it (at ${hex(hit.offset)}).`);
      continue;
    }
    const endLen = hit.spec.end.length;
    const payloadEnd = hit.endMarker >= 0 ? hit.endMarker : bytes.length;
    const ml = markerLayer(cur, hit);
    parent.children.push(ml);
    if (finished(cur.run)) return; // until:{layer}: the marker layer was the one wanted
    const payload = bytes.subarray(hit.payload, payloadEnd);
    const fileOffset = fileOffsetOf(cur, hit.payload);
    const trail = `${cur.trail} › ${hit.spec.id.toUpperCase()}`;
    await decodeStream(
      inside(cur, { bytes: payload, fileBase: fileOffset ?? null, parent: ml, trail }),
      payload,
      codecById(hit.spec.expect)!,
      {
        label: hit.spec.payloadLabel,
        offset: hit.payload - hit.offset,
        fileOffset,
        length: payloadEnd - hit.payload,
        foundBy: 'marker',
        fields: {},
        notes: [],
        strict: false,
      },
    );
    cur.claimed.push([hit.offset, payloadEnd + (hit.endMarker >= 0 ? endLen : 0)]);
  }
}

/** The layer of one marker pair; a missing end marker is a warning on it. */
export function markerLayer(cur: Cursor, hit: MarkerHit): Layer {
  const { spec } = hit;
  const found = hit.endMarker >= 0;
  const ml = newLayer(cur.run, {
    format: spec.id,
    label: spec.name,
    offset: hit.offset,
    fileOffset: fileOffsetOf(cur, hit.offset),
    length: found ? hit.endMarker + spec.end.length - hit.offset : null,
    foundBy: 'marker',
    fields: { 'start marker': hex(hit.offset), 'end marker': found ? hex(hit.endMarker) : 'missing' },
  });
  if (!found) {
    const end = cstr(spec.end, 0, spec.end.length);
    const message = `The end marker ${end} was not found: the data may be cut short.`;
    const error = { code: 'truncated', message, offset: hit.offset, severity: 'warning' } as const;
    ml.errors.push(withLayer(error, cur.trail));
  }
  return ml;
}
