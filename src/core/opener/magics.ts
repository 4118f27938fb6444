/**
 * Step "magics": codec magics outside the claimed ranges, in file order. Short magics give many false
 * hits: each hit must pass its codec's header probe and a trial decode (decode.ts) to become a layer.
 */
import { hex } from '../bytes';
import { throwIfAborted } from '../errors';
import { codecs } from '../formats';
import { magicHits } from '../scan';
import { sniffCodec } from './container';
import { type Cursor, fileOffsetOf, isClaimed } from './cursor';
import { decodeStream } from './decode';
import { finished, type OpenRun } from './run';

const MAX_REJECT_NOTES = 5;

/**
 * Step "whole-file stream": an input file that starts with a codec stream (a .tar.xz) is decoded
 * first and claimed. True when that stream decoded cleanly and spans the whole file: then nothing is
 * left for the marker and magic scans. (Bytes inside a verified stream are its data; a marker seen
 * through an uncompressed chunk is inside the decoded output, where a tar shows it as a file.)
 */
export async function openWholeFileStream(cur: Cursor): Promise<boolean> {
  const codec = cur.depth === 0 ? sniffCodec(cur.bytes) : undefined;
  if (!codec) return false;
  const r = await decodeStream(cur, cur.bytes, codec, {
    label: codec.name,
    offset: 0,
    fileOffset: fileOffsetOf(cur, 0),
    length: null,
    foundBy: 'whole-file',
    fields: {},
    notes: [],
    strict: false,
  });
  cur.claimed.push([0, Math.max(1, r.consumed ?? codec.magic.length)]);
  return r.clean === true && r.consumed === cur.bytes.length;
}

export async function scanMagics(cur: Cursor): Promise<void> {
  const { bytes, run } = cur;
  const tally = new HitTally(run);
  for (const { at, item: codec } of magicHits(bytes, codecs)) {
    throwIfAborted(run.signal);
    if (finished(run)) break;
    if (isClaimed(cur, at)) continue;
    if (run.budget.spentOut()) {
      tally.notTried++;
      continue;
    }
    const stream = bytes.subarray(at);
    if (codec.probe(stream) === null) {
      tally.reject(codec.name, at, 'its header is not valid');
      continue;
    }
    // The input file starting with a stream is the file's own format, not a hit to prove.
    const wholeFile = cur.depth === 0 && at === 0;
    const r = await decodeStream(cur, stream, codec, {
      label: codec.name,
      offset: at,
      fileOffset: fileOffsetOf(cur, at),
      length: null,
      foundBy: wholeFile ? 'whole-file' : 'magic',
      fields: {},
      notes: [],
      strict: !wholeFile,
    });
    if (r.skipped) tally.notTried++;
    else if (!r.accepted) tally.reject(codec.name, at, r.reason ?? 'did not decode');
    else cur.claimed.push([at, at + Math.max(1, r.consumed ?? codec.magic.length)]);
    if (finished(run)) break; // before the scan looks for the next hit
  }
  cur.parent.notes.push(...tally.notes());
}

/** Rejected and untried scan hits of one layer, summed up in a few notes. */
class HitTally {
  notTried = 0;
  private rejected = 0;
  private readonly examples: string[] = [];
  constructor(private readonly run: OpenRun) {}
  reject(what: string, at: number, why: string): void {
    this.run.rejected++;
    this.rejected++;
    if (this.examples.length < MAX_REJECT_NOTES)
      this.examples.push(`Rejected ${what} magic at ${hex(at)}: ${why}`);
  }
  notes(): string[] {
    const out: string[] = [];
    const n = this.notTried;
    const why =
      this.run.budget.exceeded === 'budget-time' ? 'the time budget ran out' : 'the output budget is spent';
    if (n > 0) out.push(`${n} magic-number hit${n === 1 ? ' was' : 's were'} not tried: ${why}.`);
    const r = this.rejected;
    if (r > 0)
      out.push(
        `${r} magic-number hit${r === 1 ? ' was' : 's were'} rejected as false (header or data invalid).`,
        ...this.examples,
      );
    return out;
  }
}
