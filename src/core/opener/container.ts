/**
 * Step "container": a container header at offset 0 (bzImage, ELF, boot.img, …) says where its
 * payloads are. They are opened first, in file order, and claimed so the scan does not find them
 * twice.
 */
import { bytesAt } from '../bytes';
import { codecById, codecs, containers } from '../formats';
import type { GuardedCodec, Region } from '../formats/contract';
import type { Layer } from '../types';
import { type Cursor, fileOffsetOf, inside, withLayer } from './cursor';
import { decodeStream } from './decode';
import { mergeFacts } from './facts';
import { finished, newLayer } from './run';

/**
 * Open the container at cur.bytes[0], if any. Returns the cursor the marker and magic scans go on
 * with: `cur` when there is no container, the same bytes under the container's layer when it asks
 * for a scan of the rest, or null when nothing is left to scan.
 */
export async function openContainer(cur: Cursor): Promise<Cursor | null> {
  const { bytes, run } = cur;
  for (const c of containers) {
    const hit = c.probe(bytes);
    if (!hit) continue;
    const cl = newLayer(run, {
      format: c.id,
      label: hit.label,
      offset: 0,
      fileOffset: cur.fileBase ?? undefined,
      length: hit.length,
      foundBy: cur.depth === 0 ? 'whole-file' : 'magic',
      fields: hit.fields,
      notes: [...hit.notes],
    });
    cur.parent.children.push(cl);
    const opened = c.open(bytes, hit);
    const trail = `${cur.trail} › ${c.name}`;
    cl.errors.push(...opened.errors.map((e) => withLayer(e, trail)));
    mergeFacts(run.facts, opened.facts);
    // In file order: a kernel links its config blob before the headers, so --config stops early.
    for (const region of [...opened.regions].sort((a, b) => a.offset - b.offset)) {
      if (finished(run)) return null;
      await openRegion(cur, region, cl, trail);
      cur.claimed.push([
        region.offset,
        region.length === null ? bytes.length : region.offset + region.length,
      ]);
    }
    return opened.scanRest ? { ...cur, parent: cl } : null;
  }
  return cur;
}

/** Open a region the container `cl` points to: decode it, or open its raw bytes again. */
async function openRegion(cur: Cursor, region: Region, cl: Layer, trail: string): Promise<void> {
  const { bytes } = cur;
  const end = region.length === null ? bytes.length : Math.min(bytes.length, region.offset + region.length);
  const sub = bytes.subarray(Math.min(region.offset, bytes.length), end);
  const fileOffset = fileOffsetOf(cur, region.offset);
  const at = inside(cur, { bytes: sub, fileBase: fileOffset ?? null, parent: cl, trail });
  const fields = region.fields ?? {};
  const codec = region.expect && region.expect !== 'raw' ? codecById(region.expect) : sniffCodec(sub);
  if (codec) {
    const label = `${region.label} (${codec.name})`;
    const { offset, length, foundBy } = region;
    const notes = region.notes ?? [];
    await decodeStream(at, sub, codec, {
      label,
      offset,
      fileOffset,
      length,
      foundBy,
      fields,
      notes,
      strict: false,
    });
    return;
  }
  const rl = newLayer(cur.run, {
    format: 'raw',
    label: region.label,
    offset: region.offset,
    fileOffset,
    length: sub.length,
    foundBy: region.foundBy,
    fields,
    notes: [...(region.notes ?? [])],
  });
  if (region.expect && region.expect !== 'raw')
    rl.notes.push(`The header names ${region.expect}, which this build cannot decode.`);
  cl.children.push(rl);
  await at.descend(
    inside(at, { bytes: sub, fileBase: at.fileBase, parent: rl, trail: `${trail} › ${region.label}` }),
  );
}

/** Which codec's magic and header are at sub[0]? */
export function sniffCodec(sub: Uint8Array): GuardedCodec | undefined {
  return codecs.find((c) => bytesAt(sub, 0, c.magic) && c.probe(sub) !== null);
}
