/**
 * --extract of an xz-compressed tar (kheaders.tar.xz) with decoding and writing at once, as
 * `xz -dc | tar -x` runs on two cores: a worker decodes the Blocks into one shared buffer
 * (xz-shared-decode.ts) while this thread reads tar headers as their bytes arrive (core/tar.ts
 * TarStream) and writes each entry as soon as its data is complete (extract.ts Extractor, the same
 * safety policy and system calls as extractTree). Damage: what was decoded before it is written,
 * then the xz and tar errors are returned. The xz stream is the file itself, or in a kernel module
 * or vmlinux the one its kernel_headers_data symbols mark (the ELF container's own region). Anything
 * else (an xz stream that is not a tar, other codecs, compressed kernel images) returns null and
 * takes the general path (inspect, then extractTree).
 */
import { Budget, DEFAULT_MAX_TIME_MS, defaultMaxOutput } from '../core/budget';
import { type KhiError, khiError } from '../core/errors';
import { blockError, planBlocks } from '../core/formats/xz/decode';
import { elf } from '../core/formats/elf/elf';
import { XZ_MAGIC } from '../core/formats/xz/format';
import { chunkOffsetFor } from '../core/formats/xz/lzma2-walk';
import { type ParsedXz, parseXz } from '../core/formats/xz/parse';
import type { XzBlockResult } from '../core/formats/xz/block';
import { TarStream, looksLikeTar } from '../core/tar';
import type { TarEntry } from '../core/types';
import { type ExtractSummary, Extractor } from './extract';
import { SharedXzDecode, type XzWorker } from './xz-shared-decode';

export interface StreamExtract {
  summary: ExtractSummary;
  /** Why the archive could not be read whole (xz, then tar), or the decode was cancelled. */
  errors: KhiError[];
}

export interface StreamOptions {
  /** Output cap of the decode (default: the core's budget for an input of this size). */
  maxOutput?: number;
  /** Time limit of the decode, as the general path's budget has (default DEFAULT_MAX_TIME_MS). */
  maxTimeMs?: number;
  signal?: AbortSignal;
  /** Output bytes per decoder step, ring and read buffer sizes (defaults in xz-shared-decode.ts and STAGE); tests use tiny ones. */
  step?: number;
  ring?: number;
  stage?: number;
  /** Called after each entry is handed to the writer (in archive order). */
  onEntry?: (e: TarEntry) => void;
  /** The decoding worker, started already (startXzWorker); it is ended when not used. */
  worker?: XzWorker;
}

const TAR_BLOCK = 512;
const NOTHING = (): ExtractSummary => ({ files: 0, dirs: 0, symlinks: 0, hardlinks: 0, skipped: [] });

const isXz = (b: Uint8Array): boolean => b.length >= XZ_MAGIC.length && XZ_MAGIC.every((m, i) => b[i] === m);

/** The xz stream to stream: the file, or the kheaders region of an ELF file; null for anything else. */
function xzStream(bytes: Uint8Array): Uint8Array | null {
  if (isXz(bytes)) return bytes;
  const hit = elf.probe(bytes);
  if (!hit) return null;
  const r = elf
    .open(bytes, hit)
    .regions.find((g) => g.expect === 'xz' && g.fields?.symbol === 'kernel_headers_data');
  if (!r) return null;
  const s = bytes.subarray(r.offset, r.length === null ? undefined : r.offset + r.length);
  return isXz(s) ? s : null;
}

/**
 * Extract the tar inside the xz stream `file` (or the one a kernel module holds) into `dir`; null
 * when `file` is neither.
 */
export async function extractXzTar(
  file: Uint8Array,
  dir: string,
  opts: StreamOptions = {},
): Promise<StreamExtract | null> {
  const bytes = xzStream(file);
  const parsed = bytes ? parseXz(bytes) : null;
  const total = parsed ? parsed.blocks.reduce((a, b) => a + b.uncompressedSize, 0) : 0;
  const keep = Math.min(total, opts.maxOutput ?? defaultMaxOutput(file.length));
  if (!bytes || !parsed || keep < TAR_BLOCK) {
    await opts.worker?.worker.terminate();
    return null;
  }
  const jobs = planBlocks(bytes, parsed.blocks, keep);
  const dec = new SharedXzDecode(bytes, jobs, { step: opts.step, ring: opts.ring, worker: opts.worker });
  // One signal stops the decode: the user's cancel, or the time budget running out.
  const budget = new Budget(
    { maxOutput: keep, maxTimeMs: opts.maxTimeMs ?? DEFAULT_MAX_TIME_MS },
    opts.signal,
  );
  const { signal } = budget;
  const onAbort = (): void => void dec.stop();
  signal.addEventListener('abort', onAbort);
  if (signal.aborted) onAbort();
  try {
    const run = await pump(dec, dir, keep, { ...opts, signal });
    const stopped = budget.timedOut()
      ? budget.error('budget-time', dec.done)
      : signal.aborted
        ? khiError('cancelled', 'Cancelled.', dec.done)
        : null;
    // Stopped before a first tar header: nothing written, and not handed to the general path either.
    if (!run) return stopped ? { summary: NOTHING(), errors: [stopped] } : null;
    const errors = [...decodeErrors(dec, parsed, bytes, total, keep), ...run.tarErrors];
    if (stopped) errors.unshift(stopped);
    return { summary: run.x.finish(), errors };
  } finally {
    signal.removeEventListener('abort', onAbort);
    budget.dispose();
    if (!dec.result) await dec.stop();
  }
}

/** Size of the buffer the tar is read from: grown only for an entry larger than it. */
const STAGE = 1 << 20;

/**
 * The decoded bytes not read yet, at the front of one reused buffer (a fresh page costs a fault,
 * about 20 us here: touching 31.7 MB once costs more than the tar walk and the writes' JavaScript).
 */
class Stage {
  buf: Uint8Array;
  len = 0;
  /** `limit`: the whole output's size, which the unread part never exceeds. */
  constructor(
    size: number,
    private readonly limit: number,
  ) {
    this.buf = new Uint8Array(Math.min(size, limit));
  }
  /** Take what fits of the decoded bytes, first dropping what `walk` has read (then rebased). */
  fill(dec: SharedXzDecode, walk: TarStream): void {
    if (dec.available === 0) return;
    if (this.len === this.buf.length) {
      const drop = Math.min(walk.need, this.len);
      this.buf.copyWithin(0, drop, this.len);
      this.len -= drop;
      let buf = this.buf;
      if (this.len === buf.length) {
        // One entry larger than the buffer (then the output is larger too: len + available ≤ limit).
        buf = new Uint8Array(Math.min(buf.length * 2, this.limit));
        buf.set(this.buf);
      }
      this.buf = buf;
      walk.rebase(buf, drop);
    }
    const n = Math.min(dec.available, this.buf.length - this.len);
    dec.take(this.buf, this.len, n);
    this.len += n;
  }
}

/**
 * Read headers and write entries as the decoded bytes arrive, until the decode ends. Null when the
 * first block of output is not a tar header (nothing has been written then).
 */
async function pump(
  dec: SharedXzDecode,
  dir: string,
  keep: number,
  { signal, onEntry, stage: size }: StreamOptions,
): Promise<{ x: Extractor; tarErrors: KhiError[] } | null> {
  const stage = new Stage(Math.max(TAR_BLOCK, size ?? STAGE), keep);
  const walk = new TarStream(stage.buf);
  let x: Extractor | null = null;
  let listing: ReturnType<TarStream['read']> = null;
  for (let written = 0; ;) {
    const ended = dec.result !== null || signal?.aborted === true; // read before `available`
    stage.fill(dec, walk);
    const final = ended && (dec.available === 0 || signal?.aborted === true);
    if (!x) {
      if (stage.len < TAR_BLOCK && !final) {
        await dec.wait();
        continue;
      }
      if (!looksLikeTar(stage.buf.subarray(0, stage.len))) return null;
      x = new Extractor(dir);
    }
    listing ??= walk.read(stage.len, final);
    // A cancel stops the writing at once, not after the entries already decoded (a small archive
    // is often decoded whole before this thread writes its first entry).
    for (const all = walk.entries; written < all.length && signal?.aborted !== true; written++) {
      x.add(all[written]!, stage.buf.subarray(0, stage.len)); // a cut last entry: only bytes that are there
      onEntry?.(all[written]!);
    }
    if (final) {
      const tarErrors = signal?.aborted ? [] : (listing?.errors.filter((e) => e.severity === 'error') ?? []);
      return { x, tarErrors };
    }
    if (dec.available === 0) await dec.wait();
  }
}

/** The decode's errors: the worker's failure, the parse's, the first failed block's, the cap. */
function decodeErrors(
  dec: SharedXzDecode,
  parsed: ParsedXz,
  input: Uint8Array,
  total: number,
  keep: number,
): KhiError[] {
  const reply = dec.result;
  if (!reply || 'error' in reply)
    return reply?.error === 'stopped' || !reply
      ? []
      : [khiError('internal', `xz decoding failed: ${reply.error}`)];
  const errors: KhiError[] = parsed.error ? [parsed.error] : [];
  const i = reply.results.findIndex((r) => r.status !== 'ok');
  const r: XzBlockResult | undefined = reply.results[i];
  const b = parsed.blocks[i];
  // A block cut where the input ends: the parse already said so.
  if (r && b && r.status !== 'full' && !(r.status === 'cut' && b.checkOffset < 0 && parsed.error))
    errors.push(blockError(r, b, i, input));
  if (total > keep) {
    const at = r && b ? chunkOffsetFor(b, b.dataOffset, r.produced) : input.length;
    const msg = `The xz data decodes to ${total} bytes, more than the limit of ${keep} bytes; output stops there.`;
    errors.push(khiError('too-large', msg, at));
  }
  return errors;
}
