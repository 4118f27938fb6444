/**
 * xz decoding: parse the stream(s) in TypeScript (exact structure, sizes, damage offsets), then hand
 * each block to liblzma (block.ts), which decodes straight into one output buffer sized from the
 * index, undoes BCJ/Delta and verifies the check. See README.md in this folder.
 */
import { u32le } from '../../bytes';
import { type KhiError, khiError, throwIfAborted } from '../../errors';
import { cancelled, outputBuffer } from '../kit/codec-kit';
import { formatInt } from '../../format-size';
import { LZMA_MEM_ERROR, LZMA_OPTIONS_ERROR, lzmaRetText } from '../../wasm/liblzma';
import type { DecodeOptions, DecodeResult } from '../contract';
import type { XzBlockResult } from './block';
import { xzBlockPool } from './block-pool';
import { CHECK_NONE, CHECK_SIZES, checkName, lzma2DictSize, mib } from './format';
import { describeChain } from './filters';
import { chunkOffsetFor } from './lzma2-walk';
import { type ParsedXz, type XzBlock, parseXz } from './parse';
import { type BlockJob, type BlockRun, runBlocks } from './schedule';

/** Output bytes between progress reports and abort checks. */
const PROGRESS_STEP = 1 << 20;
/** Check IDs liblzma verifies. */
const VERIFIED_CHECKS = new Set([1, 4, 10]);

export async function decodeXz(input: Uint8Array, opts: DecodeOptions): Promise<DecodeResult> {
  throwIfAborted(opts.signal);
  const parsed = parseXz(input);
  const errors: KhiError[] = parsed.error ? [parsed.error] : [];
  const total = parsed.blocks.reduce((a, b) => a + b.uncompressedSize, 0);
  const keep = total > opts.maxOutput ? Math.max(0, opts.maxOutput) : total;
  const out = allocate(keep);
  if (!out) {
    errors.push(khiError('too-large', `Cannot allocate ${keep} bytes for the decoded xz data.`, 0));
    return finish(input, parsed, new Uint8Array(0), errors, [], total);
  }

  const jobs = planBlocks(input, parsed.blocks, keep);
  const run = await runBlocks(jobs, out, xzBlockPool(), {
    signal: opts.signal,
    reportEvery: PROGRESS_STEP,
    onPrefix: opts.onPrefix && ((avail) => opts.onPrefix!(out, avail)),
    onProgress: opts.onProgress
      ? (inDone, outDone) => opts.onProgress!((parsed.blocks[0]?.headerOffset ?? 0) + inDone, outDone)
      : undefined,
  });
  const kept = keepVerified(run, jobs.length, parsed, input);
  opts.onProgress?.(kept.lastIn, kept.written);
  if (kept.error) errors.push(kept.error);
  if (total > opts.maxOutput) {
    const msg = `The xz data decodes to ${total} bytes, more than the limit of ${opts.maxOutput} bytes; output stops there.`;
    errors.push(khiError('too-large', msg, kept.lastIn));
  }
  return finish(input, parsed, out.subarray(0, kept.written), errors, checkNotes(kept, errors), total);
}

function allocate(n: number): Uint8Array | null {
  try {
    return outputBuffer(n);
  } catch {
    return null;
  }
}

/** What `keepVerified` keeps of the block results, and what it learned on the way. */
interface Kept {
  /** Output bytes kept (from the start of the output). */
  written: number;
  /** Input offset where the kept output ends. */
  lastIn: number;
  /** Blocks kept whose check liblzma verified, the kinds of check, and blocks kept unverified. */
  verified: number;
  kinds: Set<string>;
  unverified: number;
  /** A block kept whole whose check does not match (it ends what is kept). */
  failed: number;
  /** A block liblzma stopped in (damaged data): its number (from 1) and the bytes kept of it. */
  damaged?: { block: number; bytes: number };
  error?: KhiError;
}

/**
 * Fold the results in block order into what is kept: every block that decoded and verified, then
 * the exact prefix of a block the input cuts or the output cap stops (liblzma holds back what a
 * filter could still change). A block that decoded whole, to the size its header and the index
 * give, but fails its check is kept as decoded and ends the output, as `xz -dc` writes it: its bytes
 * are what the stream holds, damaged somewhere, and the error says so. Of a block liblzma stopped
 * in (damaged data, or a decoder trap) what it decoded before is kept, as `xz -dc` writes it, so a
 * tar read from it lists the entries before the damage, as `xz -dc | tar -t` does; a note says that
 * the last of those bytes may already be wrong (the decoder can hand out some before it notices).
 * Nothing of a block a cancel stopped is kept.
 */
function keepVerified(run: BlockRun, planned: number, parsed: ParsedXz, input: Uint8Array): Kept {
  const k: Kept = {
    written: 0,
    lastIn: parsed.blocks[0]?.headerOffset ?? 0,
    verified: 0,
    kinds: new Set(),
    unverified: 0,
    failed: 0,
  };
  const onlyCut = parsed.error?.code === 'truncated';
  for (let i = 0; i < planned; i++) {
    const r = run.results[i];
    const b = parsed.blocks[i]!;
    if (!r) break; // cancelled (below)
    const partial = r.status === 'cut' && b.checkOffset < 0; // the parse reported why
    if (r.status === 'ok' || r.status === 'full' || partial) {
      k.written += r.produced;
      k.lastIn = chunkOffsetFor(b, b.dataOffset, r.produced);
      // The parse found damage inside this block (not a cut): the chunks before it, as xz -dc.
      if (partial && !onlyCut && r.produced > 0) k.damaged = { block: i + 1, bytes: r.produced };
      if (r.status === 'ok' && VERIFIED_CHECKS.has(b.checkType)) {
        k.verified++;
        k.kinds.add(checkName(b.checkType));
      } else if (b.checkType !== CHECK_NONE) k.unverified++;
      if (r.status === 'ok') continue;
    } else if (r.status === 'check') {
      k.written += r.produced;
      k.lastIn = chunkOffsetFor(b, b.dataOffset, r.produced);
      k.failed++;
      k.error = blockError(r, b, i, input);
    } else if (r.status === 'error' && r.produced > 0) {
      k.written += r.produced;
      k.lastIn = chunkOffsetFor(b, b.dataOffset, r.produced);
      k.damaged = { block: i + 1, bytes: r.produced };
      k.error = blockError(r, b, i, input);
    } else if (!partial) k.error = blockError(r, b, i, input);
    break;
  }
  if (run.aborted) k.error = cancelled(k.lastIn);
  return k;
}

function checkNotes(k: Kept, errors: KhiError[]): string[] {
  const notes: string[] = [];
  if (k.verified > 0 && errors.length === 0) {
    const which = k.verified === 1 ? 'The block check' : `All ${k.verified} block checks`;
    notes.push(`${which} (${[...k.kinds].join(', ')}) verified.`);
  }
  if (k.unverified > 0) {
    notes.push(`${k.unverified} block(s) could not be verified (incomplete, or an unknown check type).`);
  }
  if (k.damaged) {
    const { block, bytes } = k.damaged;
    notes.push(
      `The ${formatInt(bytes)} bytes block ${block} decoded before the damage are kept, as xz -dc writes them; the last of them may already be wrong.`,
    );
  }
  return notes;
}

/** One job per block whose output starts before `keep`, each with its slice of the output. */
export function planBlocks(input: Uint8Array, blocks: XzBlock[], keep: number): BlockJob[] {
  const jobs: BlockJob[] = [];
  let start = 0;
  for (const b of blocks) {
    if (start >= keep) break;
    const whole = b.checkOffset >= 0;
    const end = whole ? b.checkOffset + CHECK_SIZES[b.checkType]! : b.dataOffset + b.dataSize;
    const room = Math.min(keep - start, b.uncompressedSize);
    jobs.push({
      input: {
        bytes: input.subarray(b.headerOffset, end),
        checkType: b.checkType,
        compressedSize: whole ? b.dataSize : null,
        uncompressedSize: whole ? b.uncompressedSize : null,
        dictCap: Math.max(4096, Math.min(b.uncompressedSize, keep - start)),
      },
      start,
      room,
    });
    start += b.uncompressedSize;
  }
  return jobs;
}

export function blockError(r: XzBlockResult, b: XzBlock, i: number, input: Uint8Array): KhiError {
  const at = Math.min(input.length, b.headerOffset + r.consumed);
  if (r.status === 'check') {
    return khiError(
      'corrupt',
      `Block ${i + 1} (at offset ${b.headerOffset}) fails its ${checkName(b.checkType)} check: its ${formatInt(r.produced)} decoded bytes are kept as xz -dc writes them, but some of them are wrong.`,
      b.headerOffset,
    );
  }
  if (r.status === 'cut') {
    return khiError(
      'truncated',
      `Block ${i + 1} (at offset ${b.headerOffset}) ends early, near offset ${at}.`,
      at,
    );
  }
  if (r.ret === LZMA_MEM_ERROR) {
    return khiError(
      'unsupported',
      `Cannot allocate the ${mib(lzma2DictSize(b.dictProp))} dictionary of block ${i + 1} (liblzma: ${lzmaRetText(r.ret)}).`,
      b.headerOffset,
    );
  }
  if (r.ret === LZMA_OPTIONS_ERROR) {
    return khiError(
      'unsupported',
      `Block ${i + 1} (at offset ${b.headerOffset}) uses filter options liblzma does not support (${describeChain(b.filters)}).`,
      b.headerOffset,
    );
  }
  return khiError(
    'corrupt',
    `The data of block ${i + 1} is corrupt near offset ${at} (liblzma: ${lzmaRetText(r.ret)}).`,
    at,
  );
}

function finish(
  input: Uint8Array,
  parsed: ParsedXz,
  output: Uint8Array,
  errors: KhiError[],
  notes: string[],
  total: number,
): DecodeResult {
  const fields: Record<string, string | number> = {};
  const streams = parsed.streams;
  if (streams.length > 0) {
    fields.check = [...new Set(streams.map((s) => checkName(s.checkType)))].join(', ');
    fields.streams = streams.length;
  }
  fields.blocks = parsed.blocks.length;
  if (parsed.blocks.length > 0) {
    const dict = Math.max(...parsed.blocks.map((b) => lzma2DictSize(b.dictProp)));
    fields.dictionarySize = dict;
    fields.dictionary = mib(dict);
    fields.filters = [...new Set(parsed.blocks.map((b) => describeChain(b.filters)))].join(' | ');
  }
  // A cut stream's size is unknown (its last chunk's full size is only an upper bound).
  fields.uncompressedSize = parsed.error?.code === 'truncated' ? output.length : total;
  if (streams.length > 1) notes.unshift(`${streams.length} concatenated xz streams.`);
  const padding = streams.reduce((a, s) => a + s.padding, 0);
  if (padding > 0) {
    fields.streamPadding = padding;
    notes.push(`${padding} bytes of stream padding.`);
  }
  if (streams.some((s) => s.checkType === CHECK_NONE) && parsed.blocks.length > 0) {
    notes.push('Check type None: the decoded data carries no integrity check and cannot be verified.');
  }

  let consumed: number | null = null;
  if (!parsed.error && parsed.end !== null) {
    consumed = parsed.end;
    fields.compressedSize = consumed;
    const trailing = input.length - consumed;
    if (trailing > 0) {
      fields.trailingBytes = trailing;
      notes.push(`${trailing} byte(s) after the end of the xz data.`);
      if (trailing === 4 && u32le(input, consumed) === total % 0x1_0000_0000) {
        notes.push(`kbuild size trailer matches (${total} bytes).`);
      }
    }
  } else if (parsed.error?.code === 'truncated') {
    consumed = input.length;
  }

  const result: DecodeResult = { output, consumed, fields, notes };
  if (errors.length > 0) {
    // A cancel is the error (the opener looks for it); otherwise the earliest problem. The others
    // become notes.
    const at = (e: KhiError): number => (e.code === 'cancelled' ? -Infinity : (e.offset ?? Infinity));
    const sorted = [...errors].sort((a, b) => at(a) - at(b));
    result.error = sorted[0]!;
    for (const e of sorted.slice(1)) notes.push(`Also: ${e.message}`);
  }
  return result;
}
