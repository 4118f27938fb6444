/**
 * The recursive opener, as named steps over one cursor:
 *
 *   tar/config → container → whole-file stream → markers → magics, and every decoded output is
 *   explored again one level down (decode.ts and container.ts call `cur.descend`, which is this
 *   `explore`).
 *
 * - Bytes that are a tar or a .config end the descent (terminal.ts).
 * - A container whose header matches at offset 0 says where its payloads are (header fields, ELF
 *   symbols); they are opened first and claimed (container.ts).
 * - An input file that is one codec stream (a .tar.xz) is decoded first; when the stream spans the
 *   whole file, there is nothing left to scan (magics.ts).
 * - Then, for unknown bytes or containers that ask for it, marker pairs (markers.ts) and codec magics
 *   (magics.ts) are scanned. A hit found by scanning is kept only if it decodes cleanly or its output
 *   is recognisable (decode.ts).
 * - Everything read before damage is kept; errors are attached to the layer where they happened.
 */
import { throwIfAborted } from '../errors';
import { openContainer } from './container';
import type { Cursor } from './cursor';
import { noteBanner } from './facts';
import { openWholeFileStream, scanMagics } from './magics';
import { scanMarkers } from './markers';
import { finished } from './run';
import { openTerminal } from './terminal';

/** Explore `cur.bytes` and attach what is found under `cur.parent`. */
export async function explore(cur: Cursor): Promise<void> {
  if (!worthOpening(cur) || openTerminal(cur)) return;
  const rest = await openContainer(cur);
  if (rest) await scan(rest);
}

/** Not cancelled, not done, not too deep, not empty. */
function worthOpening(cur: Cursor): boolean {
  throwIfAborted(cur.run.signal);
  if (finished(cur.run)) return false;
  if (cur.depth > cur.run.maxDepth) {
    cur.parent.notes.push(`Not opened further: nesting deeper than ${cur.run.maxDepth} layers.`);
    return false;
  }
  return cur.bytes.length > 0;
}

/** The scans over bytes no container accounted for: the banner, then markers, then magics. */
async function scan(cur: Cursor): Promise<void> {
  const { run, bytes } = cur;
  if (finished(run)) return;
  run.progress({ stage: 'scanning', layer: cur.parent.label, bytesDone: 0, bytesTotal: bytes.length });
  if ((await openWholeFileStream(cur)) || finished(run)) return;
  run.scannedBytes += bytes.length;
  // A caller that asked for one thing (until) gets no kernel facts: the banner is not looked for.
  if (!run.until) noteBanner(cur);
  await scanMarkers(cur);
  if (!finished(run)) await scanMagics(cur);
}
