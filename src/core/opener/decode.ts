/**
 * Decoding one stream the opener found (a container's region, a marker blob or a scan hit), charged
 * to the open's budget; the output is opened again one level down.
 */
import { bytesAt, hex } from '../bytes';
import { TRIAL_OUTPUT } from '../budget';
import { throwIfAborted } from '../errors';
import { codecById, containers } from '../formats';
import { findMarkers } from '../formats/markers/markers';
import type { DecodeResult, GuardedCodec } from '../formats/contract';
import { looksLikeTar } from '../tar';
import { TarPrefixWalk } from '../tar-walk';
import type { FoundBy } from '../types';
import { type Cursor, inside, withLayer } from './cursor';
import { newLayer, type OpenRun, setsOption } from './run';
import { looksLikeConfig } from './terminal';

const ELF_MAGIC = new Uint8Array([0x7f, 0x45, 0x4c, 0x46]);
/** Largest config the early stop decodes to check a blob (real ones are 30–300 KB). */
const CONFIG_CAP = 16 << 20;

/** How the stream's layer is shown and where it lies. */
interface StreamMeta {
  label: string;
  /** Offset in the parent layer's bytes. */
  offset: number;
  fileOffset: number | undefined;
  length: number | null;
  foundBy: FoundBy;
  fields: Record<string, string | number>;
  notes: readonly string[];
  /** Scan hits must decode cleanly or yield recognisable output, or they are rejected. */
  strict: boolean;
}

export interface Decoded {
  accepted: boolean;
  /** Bytes of `stream` the decode used (all of it when a budget stopped it); null when unknown. */
  consumed: number | null;
  /** Why a hit was rejected. */
  reason?: string;
  /** A scan hit not tried because the budget is spent. */
  skipped?: boolean;
  /** The stream decoded without an error. */
  clean?: boolean;
}

/**
 * Decode `stream` with `codec`; add its layer to `cur.parent` and open its output. A strict hit that
 * fails (and whose output proves nothing) adds nothing.
 */
export async function decodeStream(
  cur: Cursor,
  stream: Uint8Array,
  codec: GuardedCodec,
  meta: StreamMeta,
): Promise<Decoded> {
  const walk = prefixWalk(cur, meta);
  const res = await decodeWithin(cur.run, stream, codec, meta, walk);
  if (!res) return { accepted: false, consumed: null, skipped: true };
  if (meta.strict && res.error && !recognisable(res.output))
    return { accepted: false, consumed: null, reason: res.error.message };
  if (meta.strict && res.output.length === 0)
    return { accepted: false, consumed: null, reason: 'empty output' };
  const trail = `${cur.trail} › ${codec.name}`;
  const l = newLayer(cur.run, {
    format: codec.id,
    label: meta.label,
    offset: meta.offset,
    fileOffset: meta.fileOffset,
    length: res.consumed ?? meta.length,
    outputSize: res.output.length,
    foundBy: meta.foundBy,
    fields: { ...meta.fields, ...res.fields },
    notes: [...meta.notes, ...res.notes],
    errors: res.error ? [withLayer(res.error, trail, meta.offset)] : [],
  });
  cur.parent.children.push(l);
  cur.run.outputs?.set(l.id, res.output);
  const code = res.error?.code;
  if (code === 'too-large' || code === 'budget-output')
    l.notes.push('Output cap reached: the rest of this stream was not decoded.');
  if (res.output.length > 0)
    await cur.descend(inside(cur, { bytes: res.output, fileBase: null, parent: l, trail, tarWalk: walk }));
  // A stream stopped by a budget claims the rest of its bytes: decoding hits inside it would only
  // repeat the same work.
  const budgetStop = code === 'budget-output' || code === 'budget-time';
  return { accepted: true, consumed: budgetStop ? stream.length : res.consumed, clean: !res.error };
}

/**
 * A walk of the output as a tar while it decodes, for a stream whose output the opener will open (not
 * a scan hit on trial, not past the depth limit, not when only a config is wanted). Only a codec that
 * decodes elsewhere calls it (xz with a block pool); the walk starts only on a tar header.
 */
function prefixWalk(cur: Cursor, meta: StreamMeta): TarPrefixWalk | undefined {
  const { run } = cur;
  if (meta.strict || cur.depth + 1 > run.maxDepth || run.until === 'config') return undefined;
  // The tree is built during the walk unless only the tar is wanted (--extract, --tar).
  return new TarPrefixWalk({ tree: run.until !== 'tar' });
}

/**
 * The decode within the budget. A scan hit first decodes a little (most false hits fail at once);
 * only a hit that survives the trial is decoded in full, and even then a false stream must not spin
 * into gigabytes. Once the budget is spent a scan hit is not tried (null) and a region a header
 * points to is listed with the budget's error.
 */
async function decodeWithin(
  run: OpenRun,
  stream: Uint8Array,
  codec: GuardedCodec,
  meta: StreamMeta,
  walk?: TarPrefixWalk,
): Promise<DecodeResult | null> {
  if (run.budget.spentOut()) {
    if (meta.strict) return null;
    return { output: new Uint8Array(0), consumed: null, error: run.budget.error(), fields: {}, notes: [] };
  }
  const name = `${codec.name} at ${hex(meta.fileOffset ?? meta.offset)}`;
  let res = await decodeCharged(run, stream, codec, meta.strict ? TRIAL_OUTPUT : Infinity, name, walk);
  if (meta.strict && res.error?.code === 'too-large')
    res = await decodeCharged(run, stream, codec, Math.max(256 << 20, stream.length * 64), name);
  return res;
}

/**
 * Run one codec with at most `cap` output bytes. The registry's guard keeps it within what the
 * budget has left, charges the output and names the budget when it stopped the decode; a user's
 * cancel comes back as data and is thrown here, out of the whole open.
 */
async function decodeCharged(
  run: OpenRun,
  stream: Uint8Array,
  codec: GuardedCodec,
  cap: number,
  name: string,
  walk?: TarPrefixWalk,
): Promise<DecodeResult> {
  const progress = (i: number): void =>
    run.progress({ stage: 'decompressing', layer: name, bytesDone: i, bytesTotal: stream.length });
  progress(0);
  const enough = run.until === 'config' ? configArrived(run) : undefined;
  const res = await codec.decode(stream, {
    maxOutput: cap,
    budget: run.budget,
    onProgress: progress,
    enough,
    onPrefix: walk?.feed,
  });
  if (res.error?.code === 'cancelled') throwIfAborted(run.signal);
  return res;
}

/**
 * For until:'config', the early stop of a decode (DecodeOptions.enough): true once the output so far
 * holds a whole IKCFG_ST … IKCFG_ED blob whose config sets an option, so the rest of a kernel image
 * is not decoded. Each call scans only what is new (from the first blob still open, if any).
 */
function configArrived(run: OpenRun): (out: Uint8Array) => Promise<boolean> {
  let from = 0;
  return async (out) => {
    let next = Math.max(from, out.length - 16); // a marker may straddle the end of what is there
    for (const h of findMarkers(out.subarray(from)).hits) {
      if (h.spec.kind !== 'config') continue;
      if (h.endMarker < 0) {
        next = Math.min(next, from + h.offset);
        break;
      }
      const blob = out.subarray(from + h.payload, from + h.endMarker);
      const res = await codecById(h.spec.expect)!.decode(blob, { maxOutput: CONFIG_CAP, budget: run.budget });
      if (!res.error && setsOption(new TextDecoder().decode(res.output))) return true;
    }
    from = next;
    return false;
  };
}

/** Output that proves a scan hit was real even if the stream is damaged. */
function recognisable(out: Uint8Array): boolean {
  if (out.length < 512) return false;
  return (
    looksLikeTar(out) ||
    bytesAt(out, 0, ELF_MAGIC) ||
    looksLikeConfig(out) ||
    containers.some((c) => c.probe(out) !== null)
  );
}
