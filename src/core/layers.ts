/**
 * The recursive opener: bytes → (container at 0 | markers | validated magic hits) → child bytes → again.
 *
 * Rules:
 * - A container whose header matches at offset 0 says where its payload is (header fields, ELF symbols).
 *   Its regions are opened first and claimed, so the scan does not find them twice.
 * - Then (for unknown bytes, or containers that ask for it) markers and codec magics are scanned.
 *   Short magics give many false hits: each hit must pass the codec's header probe, and a hit found by
 *   scanning is kept only if it decodes cleanly or its output is recognisable (tar, ELF, kernel, config).
 * - Everything read before damage is kept; errors are attached to the layer where they happened.
 */
import { bytesAt, cstr, hex } from './bytes';
import { TRIAL_OUTPUT, type Budget } from './budget';
import { throwIfAborted, type KhiError } from './errors';
import { codecs, containers, codecById } from './formats';
import type { Codec, DecodeResult, Region } from './formats/contract';
import { findBanner, releaseOf } from './formats/banner/banner';
import { findMarkers, type MarkerHit } from './formats/markers/markers';
import { findMagics } from './scan';
import { looksLikeTar, readTar } from './tar';
import type { FoundBy, KernelFacts, Layer, Progress, TarEntry } from './types';

export interface FoundTar {
  layer: Layer;
  bytes: Uint8Array;
  entries: TarEntry[];
}
export interface FoundConfig {
  layer: Layer;
  text: string;
  /** The config's bytes exactly as stored (what scripts/extract-ikconfig prints). */
  bytes: Uint8Array;
  /** The input file itself is the .config (not a blob inside it). */
  plain: boolean;
}

export interface ExploreCtx {
  maxDepth: number;
  /** The output and time budget of this open, charged by every decode (decompression-bomb guard). */
  budget: Budget;
  /** The user's cancel signal (codecs get budget.signal, which also fires at the deadline). */
  signal?: AbortSignal;
  progress(p: Progress): void;
  nextId: number;
  rejected: number;
  scannedBytes: number;
  layerCount: number;
  tars: FoundTar[];
  configs: FoundConfig[];
  facts: KernelFacts;
  /** Stop once a config is found (InspectOptions.until). */
  until?: 'config';
}

/** The caller has what it asked for: explore nothing more. */
const finished = (ctx: ExploreCtx): boolean => ctx.until === 'config' && ctx.configs.length > 0;

const ELF_MAGIC = new Uint8Array([0x7f, 0x45, 0x4c, 0x46]);
const MAX_REJECT_NOTES = 5;

export function newLayer(
  ctx: ExploreCtx,
  init: Partial<Layer> & Pick<Layer, 'format' | 'label' | 'offset' | 'foundBy'>,
): Layer {
  ctx.layerCount++;
  return { id: ctx.nextId++, length: null, fields: {}, notes: [], errors: [], children: [], ...init };
}

type Range = [number, number];
const inRanges = (ranges: Range[], at: number): boolean => ranges.some(([a, b]) => at >= a && at < b);

/** Explore `bytes` (the bytes `layer` exposes) and attach what is found as children of `layer`. */
export async function explore(
  bytes: Uint8Array,
  layer: Layer,
  depth: number,
  fileBase: number | null,
  ctx: ExploreCtx,
  trail: string,
): Promise<void> {
  throwIfAborted(ctx.signal);
  if (finished(ctx)) return;
  if (depth > ctx.maxDepth) {
    layer.notes.push(`Not opened further: nesting deeper than ${ctx.maxDepth} layers.`);
    return;
  }
  if (bytes.length === 0) return;

  // Terminal contents: a tar archive or a kernel .config.
  if (looksLikeTar(bytes)) {
    addTar(bytes, layer, ctx, trail);
    return;
  }
  if ((depth === 0 || fileBase === null) && looksLikeConfig(bytes)) {
    addConfig(bytes, layer, ctx, depth === 0);
    return;
  }

  const claimed: Range[] = [];
  let scanParent = layer;

  // A container header at offset 0.
  for (const c of containers) {
    const hit = c.probe(bytes);
    if (!hit) continue;
    const cl = newLayer(ctx, {
      format: c.id,
      label: hit.label,
      offset: 0,
      fileOffset: fileBase ?? undefined,
      length: hit.length,
      foundBy: depth === 0 ? 'whole-file' : 'magic',
      fields: hit.fields,
      notes: [...hit.notes],
    });
    layer.children.push(cl);
    const opened = c.open(bytes, hit);
    cl.errors.push(...opened.errors.map((e) => withLayer(e, `${trail} › ${c.name}`)));
    mergeFacts(ctx.facts, opened.facts);
    // In file order: a kernel links its config blob before the headers, so --config stops early.
    for (const region of [...opened.regions].sort((a, b) => a.offset - b.offset)) {
      if (finished(ctx)) return;
      await openRegion(bytes, region, cl, depth + 1, fileBase, ctx, `${trail} › ${c.name}`);
      claimed.push([region.offset, region.length === null ? bytes.length : region.offset + region.length]);
    }
    if (!opened.scanRest) return;
    scanParent = cl;
    break;
  }

  await scan(bytes, scanParent, depth, fileBase, claimed, ctx, trail);
}

/** Open a region a container pointed to. */
async function openRegion(
  bytes: Uint8Array,
  region: Region,
  parent: Layer,
  depth: number,
  fileBase: number | null,
  ctx: ExploreCtx,
  trail: string,
): Promise<void> {
  const end = region.length === null ? bytes.length : Math.min(bytes.length, region.offset + region.length);
  const sub = bytes.subarray(Math.min(region.offset, bytes.length), end);
  const fileOffset = fileBase === null ? undefined : fileBase + region.offset;
  const codec = region.expect && region.expect !== 'raw' ? codecById(region.expect) : sniffCodec(sub);
  if (codec) {
    await decodeLayer(sub, codec, parent, depth, ctx, trail, {
      label: `${region.label} (${codec.name})`,
      offset: region.offset,
      fileOffset,
      length: region.length,
      foundBy: region.foundBy,
      fields: region.fields ?? {},
      notes: region.notes ?? [],
      strict: false,
    });
    return;
  }
  const rl = newLayer(ctx, {
    format: 'raw',
    label: region.label,
    offset: region.offset,
    fileOffset,
    length: sub.length,
    foundBy: region.foundBy,
    fields: region.fields ?? {},
    notes: [...(region.notes ?? [])],
  });
  if (region.expect && region.expect !== 'raw')
    rl.notes.push(`The header names ${region.expect}, which this build cannot decode.`);
  parent.children.push(rl);
  await explore(sub, rl, depth + 1, fileOffset ?? null, ctx, `${trail} › ${region.label}`);
}

/** Which codec's magic and header are at sub[0]? */
function sniffCodec(sub: Uint8Array): Codec | undefined {
  return codecs.find((c) => bytesAt(sub, 0, c.magic) && c.probe(sub) !== null);
}

interface DecodeMeta {
  label: string;
  offset: number;
  fileOffset: number | undefined;
  length: number | null;
  foundBy: FoundBy;
  fields: Record<string, string | number>;
  notes: string[];
  /** Scan hits must decode cleanly or yield recognisable output, or they are rejected. */
  strict: boolean;
}

/** Decode `sub` with `codec`; on success add the layer and explore its output. Returns false for a rejected hit. */
async function decodeLayer(
  sub: Uint8Array,
  codec: Codec,
  parent: Layer,
  depth: number,
  ctx: ExploreCtx,
  trail: string,
  meta: DecodeMeta,
): Promise<{ accepted: boolean; consumed: number | null; reason?: string; skipped?: boolean }> {
  const name = `${codec.name} at ${hex(meta.fileOffset ?? meta.offset)}`;
  let res: DecodeResult;
  if (ctx.budget.spentOut()) {
    // Nothing more may be decoded: a scan hit is not tried; a region a header points to is listed.
    if (meta.strict) return { accepted: false, consumed: null, skipped: true };
    res = { output: new Uint8Array(0), consumed: null, error: ctx.budget.error(), fields: {}, notes: [] };
  } else {
    // A scan hit first decodes a little (most false hits fail at once); only a hit that survives the
    // trial is decoded in full, and even then a false stream must not spin into gigabytes.
    res = await decodeCharged(sub, codec, meta.strict ? TRIAL_OUTPUT : Infinity, ctx, name);
    if (meta.strict && res.error?.code === 'too-large')
      res = await decodeCharged(sub, codec, Math.max(256 << 20, sub.length * 64), ctx, name);
  }
  if (meta.strict && res.error && !recognisable(res.output)) {
    return { accepted: false, consumed: null, reason: res.error.message };
  }
  if (meta.strict && res.output.length === 0)
    return { accepted: false, consumed: null, reason: 'empty output' };
  const label = `${meta.label}`;
  const layerTrail = `${trail} › ${codec.name}`;
  const l = newLayer(ctx, {
    format: codec.id,
    label,
    offset: meta.offset,
    fileOffset: meta.fileOffset,
    length: res.consumed ?? meta.length,
    outputSize: res.output.length,
    foundBy: meta.foundBy,
    fields: { ...meta.fields, ...res.fields },
    notes: [...meta.notes, ...res.notes],
    errors: res.error ? [withLayer(res.error, layerTrail, meta.offset)] : [],
  });
  parent.children.push(l);
  const stopped = res.error?.code === 'too-large' || res.error?.code === 'budget-output';
  if (stopped) l.notes.push('Output cap reached: the rest of this stream was not decoded.');
  if (res.output.length > 0) await explore(res.output, l, depth + 1, null, ctx, layerTrail);
  // A stream stopped by a budget claims the rest of its bytes: decoding hits inside it would only
  // repeat the same work.
  const budgetStop = res.error?.code === 'budget-output' || res.error?.code === 'budget-time';
  return { accepted: true, consumed: budgetStop ? sub.length : res.consumed };
}

/**
 * Run one codec with at most `cap` output bytes (and never more than the budget has left), charge the
 * output to the budget, and name the budget in the error when it, not the stream, stopped the decode.
 */
async function decodeCharged(
  sub: Uint8Array,
  codec: Codec,
  cap: number,
  ctx: ExploreCtx,
  name: string,
): Promise<DecodeResult> {
  const left = ctx.budget.outputLeft;
  const limit = Math.min(cap, left);
  ctx.progress({ stage: 'decompressing', layer: name, bytesDone: 0, bytesTotal: sub.length });
  const res = await codec.decode(sub, {
    maxOutput: limit,
    signal: ctx.budget.signal,
    onProgress: (i) =>
      ctx.progress({ stage: 'decompressing', layer: name, bytesDone: i, bytesTotal: sub.length }),
  });
  ctx.budget.charge(res.output.length);
  if (res.error?.code === 'cancelled') {
    throwIfAborted(ctx.signal);
    if (ctx.budget.timedOut()) return { ...res, error: ctx.budget.error('budget-time', res.error.offset) };
  }
  if (res.error?.code === 'too-large' && limit === left && left < cap) {
    ctx.budget.exhaust('budget-output'); // the codec stopped at the last byte the budget allowed
    return { ...res, error: ctx.budget.error('budget-output', res.error.offset) };
  }
  return res;
}

/** Where a scan step is: the bytes, the layer hits attach to, and how they map to the file. */
interface ScanCursor {
  bytes: Uint8Array;
  parent: Layer;
  depth: number;
  /** File offset of bytes[0], or null inside decoded data. */
  fileBase: number | null;
  /** Ranges already opened (containers' regions, marker blobs, accepted streams). */
  claimed: Range[];
  ctx: ExploreCtx;
  trail: string;
}

const fileOffsetOf = (cur: ScanCursor, at: number): number | undefined =>
  cur.fileBase === null ? undefined : cur.fileBase + at;

/** Scan for markers and codec magics outside the claimed ranges; attach accepted hits to `parent`. */
async function scan(
  bytes: Uint8Array,
  parent: Layer,
  depth: number,
  fileBase: number | null,
  claimed: Range[],
  ctx: ExploreCtx,
  trail: string,
): Promise<void> {
  if (finished(ctx)) return;
  const cur: ScanCursor = { bytes, parent, depth, fileBase, claimed, ctx, trail };
  ctx.progress({ stage: 'scanning', layer: parent.label, bytesDone: 0, bytesTotal: bytes.length });
  ctx.scannedBytes += bytes.length;
  noteBanner(cur);
  await scanMarkers(cur);
  if (!finished(ctx)) await scanMagics(cur);
}

/** The kernel banner ("Linux version …"), the first one found in any layer. */
function noteBanner({ bytes, ctx }: ScanCursor): void {
  if (ctx.facts.banner) return;
  const banner = findBanner(bytes);
  if (banner) {
    ctx.facts.banner = banner;
    ctx.facts.version ??= releaseOf(banner);
  }
}

/** Step 1: marker-delimited blobs (IKCFG_ST/IKCFG_ED, IKHD_ST/IKHD_ED), each decoded as its spec says. */
async function scanMarkers(cur: ScanCursor): Promise<void> {
  const { bytes, parent, claimed, ctx, trail } = cur;
  for (const hit of findMarkers(bytes).hits) {
    if (finished(ctx)) return;
    if (inRanges(claimed, hit.payload)) {
      const owner = parent.children.find(
        (c) => c.offset <= hit.payload && hit.payload < c.offset + (c.length ?? 0),
      );
      owner?.notes.push(`${hit.spec.pair} markers surround it (at ${hex(hit.offset)}).`);
      continue;
    }
    const endLen = hit.spec.end.length;
    const payloadEnd = hit.endMarker >= 0 ? hit.endMarker : bytes.length;
    const ml = markerLayer(cur, hit, endLen);
    parent.children.push(ml);
    await decodeLayer(
      bytes.subarray(hit.payload, payloadEnd),
      codecById(hit.spec.expect)!,
      ml,
      cur.depth + 1,
      ctx,
      `${trail} › ${hit.spec.id.toUpperCase()}`,
      {
        label: hit.spec.payloadLabel,
        offset: hit.payload - hit.offset,
        fileOffset: fileOffsetOf(cur, hit.payload),
        length: payloadEnd - hit.payload,
        foundBy: 'marker',
        fields: {},
        notes: [],
        strict: false,
      },
    );
    claimed.push([hit.offset, payloadEnd + (hit.endMarker >= 0 ? endLen : 0)]);
  }
}

function markerLayer(cur: ScanCursor, hit: MarkerHit, endLen: number): Layer {
  const ml = newLayer(cur.ctx, {
    format: hit.spec.id,
    label: hit.spec.name,
    offset: hit.offset,
    fileOffset: fileOffsetOf(cur, hit.offset),
    length: hit.endMarker >= 0 ? hit.endMarker + endLen - hit.offset : null,
    foundBy: 'marker',
    fields: {
      'start marker': hex(hit.offset),
      'end marker': hit.endMarker >= 0 ? hex(hit.endMarker) : 'missing',
    },
  });
  if (hit.endMarker < 0) {
    const end = cstr(hit.spec.end, 0, hit.spec.end.length);
    ml.errors.push(
      withLayer(
        {
          code: 'truncated',
          message: `The end marker ${end} was not found: the data may be cut short.`,
          offset: hit.offset,
          severity: 'warning',
        },
        cur.trail,
      ),
    );
  }
  return ml;
}

/** Step 2: codec magics in file order; each hit must pass its probe and a trial decode. */
async function scanMagics(cur: ScanCursor): Promise<void> {
  const { bytes, parent, depth, claimed, ctx, trail } = cur;
  const tally = new HitTally(ctx);
  for (const { at, item: codec } of findMagics(bytes, codecs)) {
    throwIfAborted(ctx.signal);
    if (finished(ctx)) break;
    if (inRanges(claimed, at)) continue;
    if (ctx.budget.spentOut()) {
      tally.notTried++;
      continue;
    }
    const sub = bytes.subarray(at);
    if (codec.probe(sub) === null) {
      tally.reject(codec.name, at, 'its header is not valid');
      continue;
    }
    const wholeFile = depth === 0 && at === 0;
    const r = await decodeLayer(sub, codec, parent, depth, ctx, trail, {
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
    else claimed.push([at, at + Math.max(1, r.consumed ?? codec.magic.length)]);
  }
  parent.notes.push(...tally.notes());
}

/** Rejected and untried scan hits of one layer, summed up in a few notes. */
class HitTally {
  notTried = 0;
  private rejected = 0;
  private readonly examples: string[] = [];
  constructor(private readonly ctx: ExploreCtx) {}
  reject(what: string, at: number, why: string): void {
    this.ctx.rejected++;
    this.rejected++;
    if (this.examples.length < MAX_REJECT_NOTES)
      this.examples.push(`Rejected ${what} magic at ${hex(at)}: ${why}`);
  }
  notes(): string[] {
    const out: string[] = [];
    const n = this.notTried;
    if (n > 0)
      out.push(
        `${n} magic-number hit${n === 1 ? ' was' : 's were'} not tried: ${this.ctx.budget.exceeded === 'budget-time' ? 'the time budget ran out' : 'the output budget is spent'}.`,
      );
    const r = this.rejected;
    if (r > 0)
      out.push(
        `${r} magic-number hit${r === 1 ? ' was' : 's were'} rejected as false (header or data invalid).`,
        ...this.examples,
      );
    return out;
  }
}

function addTar(bytes: Uint8Array, parent: Layer, ctx: ExploreCtx, trail: string): void {
  ctx.progress({ stage: 'reading-tar', bytesDone: 0, bytesTotal: bytes.length });
  const { entries, errors, end } = readTar(bytes);
  const files = entries.filter((e) => e.type === 'file').length;
  const tl = newLayer(ctx, {
    format: 'tar',
    label: `tar archive (${files.toLocaleString('en-US')} files)`,
    offset: 0,
    length: end,
    foundBy: 'decoded',
    fields: { entries: entries.length },
    errors: errors.map((e) => withLayer(e, `${trail} › tar`)),
  });
  if (end < bytes.length) {
    const rest = bytes.subarray(end);
    if (rest.some((b) => b !== 0))
      tl.notes.push(`${bytes.length - end} bytes follow the end of the archive.`);
  }
  parent.children.push(tl);
  ctx.tars.push({ layer: tl, bytes, entries });
  ctx.progress({ stage: 'reading-tar', bytesDone: bytes.length, bytesTotal: bytes.length });
}

const CONFIG_HEAD = '#\n# Automatically generated file; DO NOT EDIT.';

/** A kernel .config: the kconfig banner, or mostly text with CONFIG_ lines near the start. */
export function looksLikeConfig(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 4096));
  if (head.startsWith(CONFIG_HEAD)) return true;
  if (!/(^|\n)(# )?CONFIG_[A-Z0-9_]+( is not set|=)/.test(head)) return false;
  let printable = 0;
  const n = Math.min(bytes.length, 4096);
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!;
    if (c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127)) printable++;
  }
  return printable / n > 0.98;
}

function addConfig(bytes: Uint8Array, parent: Layer, ctx: ExploreCtx, plain: boolean): void {
  const text = new TextDecoder().decode(bytes);
  const cl = newLayer(ctx, {
    format: 'config',
    label: 'kernel .config',
    offset: 0,
    length: bytes.length,
    foundBy: 'decoded',
  });
  parent.children.push(cl);
  ctx.configs.push({ layer: cl, text, bytes, plain });
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

function withLayer(e: KhiError, layer: string, base = 0): KhiError {
  return { ...e, layer, offset: e.offset === undefined ? undefined : e.offset + base };
}

function mergeFacts(into: KernelFacts, from: Partial<KernelFacts> | undefined): void {
  if (!from) return;
  // A header's version string ("6.1.0-56-amd64 (builder@host) #1 SMP …") starts with the release.
  if (!into.version && from.version) into.version = from.version.trim().split(/\s+/)[0] ?? null;
  if (!into.banner && from.banner?.startsWith('Linux version ')) into.banner = from.banner;
  if (!into.arch && from.arch) into.arch = from.arch;
}
