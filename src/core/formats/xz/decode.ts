/**
 * xz decoding: parse → synthesize an LZMA2-only, check-None stream → xz-decompress (WASM) →
 * undo BCJ/Delta and verify every block's check in TypeScript. See README.md in this folder.
 */
import { u32le } from '../../bytes';
import { type KhiError, khiError, throwIfAborted } from '../../errors';
import type { DecodeOptions, DecodeResult } from '../contract';
import { BlockRunner } from './block-runner';
import { sameBytes } from './checks';
import { CHECK_NONE, CHECK_SIZES, checkName, lzma2DictSize, lzma2PropFor, mib } from './format';
import { describeChain } from './filters';
import { chunkOffsetFor } from './lzma2-walk';
import { type ParsedXz, type XzBlock, parseXz } from './parse';
import { synthesize } from './synth';
import { XZ_RET_NAMES, runXzDecompress } from './wasm-run';

/** xz-decompress refuses LZMA2 dictionaries above 64 MiB (XZ_MEMLIMIT_ERROR, LIBRARIES.md). */
export const WASM_DICT_MAX = 64 * 1024 * 1024;
/** Extra output decoded past a maxOutput cap so BCJ filters see their look-ahead. */
const LOOKAHEAD = 64;
const PROGRESS_STEP = 1 << 20;

/** Test hooks; not part of the codec contract. */
export interface XzInternals {
  /** false: leave BCJ/Delta filtered bytes as LZMA2 produced them (and skip checks). */
  applyFilters?: boolean;
  /** false: use the TypeScript SHA-256 even where WebCrypto exists. */
  preferSubtle?: boolean;
}

interface Plan {
  blocks: XzBlock[];
  starts: number[];
  dictProps: number[];
  /** Per block: decoded with a 64 MiB window smaller than the block needs (see plan()). */
  clamped: boolean[];
  total: number;
}

/** LZMA2 property of a 64 MiB dictionary. */
const PROP_64MIB = lzma2PropFor(WASM_DICT_MAX);

/**
 * Choose each block's dictionary property for the synthesized stream.
 * A block never needs more dictionary than its own size (a match cannot reach further back than
 * the block's start), so the property shrinks to that. If that is still above the decoder's
 * 64 MiB limit, the block is decoded with a 64 MiB window: xz-embedded rejects any match distance
 * beyond its window with XZ_DATA_ERROR (dict_repeat checks dist >= dict->size), so the output is
 * either exactly right or stops with an error; it is never silently wrong.
 */
function plan(parsed: ParsedXz, notes: string[]): Plan {
  const r: Plan = { blocks: [], starts: [], dictProps: [], clamped: [], total: 0 };
  for (const b of parsed.blocks) {
    let prop = Math.min(b.dictProp, lzma2PropFor(Math.max(b.uncompressedSize, 4096)));
    const clamped = lzma2DictSize(prop) > WASM_DICT_MAX;
    if (clamped) prop = PROP_64MIB;
    if (lzma2DictSize(b.dictProp) > WASM_DICT_MAX) {
      notes.push(
        `The block at offset ${b.headerOffset} declares a ${mib(lzma2DictSize(b.dictProp))} dictionary, above the ` +
          `decoder's 64 MiB limit; decoded with ${mib(lzma2DictSize(prop))}` +
          (clamped
            ? ' (enough unless the data reaches further back).'
            : `, which covers its ${b.uncompressedSize} bytes.`),
      );
    }
    r.blocks.push(b);
    r.starts.push(r.total);
    r.dictProps.push(prop);
    r.clamped.push(clamped);
    r.total += b.uncompressedSize;
  }
  return r;
}

export async function decodeXz(
  input: Uint8Array,
  opts: DecodeOptions,
  internals: XzInternals = {},
): Promise<DecodeResult> {
  throwIfAborted(opts.signal);
  const applyFilters = internals.applyFilters ?? true;
  const runnerOpts = { applyFilters, verify: applyFilters, preferSubtle: internals.preferSubtle ?? true };
  const parsed = parseXz(input);
  const errors: KhiError[] = parsed.error ? [parsed.error] : [];
  const notes: string[] = [];
  const p = plan(parsed, notes);

  // Output cap: decode a little past it so filters see their look-ahead, then cut.
  const capped = p.total > opts.maxOutput;
  const keep = capped ? Math.max(0, opts.maxOutput) : p.total;
  let out: Uint8Array;
  try {
    out = new Uint8Array(capped ? Math.min(p.total, keep + LOOKAHEAD) : p.total);
  } catch {
    errors.push(khiError('too-large', `Cannot allocate ${keep} bytes for the decoded xz data.`, 0));
    return finish(input, parsed, p, new Uint8Array(0), errors, notes, 0);
  }

  // Only blocks that reach into the buffer are fed to the decoder.
  let feedCount = 0;
  while (feedCount < p.blocks.length && (!capped || p.starts[feedCount]! < out.length)) feedCount++;
  const synth = synthesize(
    p.blocks.slice(0, feedCount).map((b, i) => ({
      data: input.subarray(b.dataOffset, b.dataOffset + b.dataSize),
      addEndMarker: !b.complete && !b.open,
      uncompressedSize: b.uncompressedSize,
      dictProp: p.dictProps[i]!,
      open: b.open,
    })),
  );

  let written = 0;
  let outEnd = 0;
  let cur = 0;
  let runner: BlockRunner | null = null;
  const pending: { block: XzBlock; index: number; digest: Promise<Uint8Array> | Uint8Array }[] = [];
  const unverified: number[] = [];
  const inAt = (): number => {
    const b = p.blocks[Math.min(cur, p.blocks.length - 1)];
    if (!b) return 0;
    return chunkOffsetFor(b, b.dataOffset, written - p.starts[Math.min(cur, p.blocks.length - 1)]!);
  };

  const advance = (limit: number): void => {
    while (cur < feedCount) {
      runner ??= new BlockRunner(p.blocks[cur]!, p.starts[cur]!, runnerOpts);
      const upTo = Math.min(limit, runner.end);
      if (upTo >= runner.end) {
        const b = p.blocks[cur]!;
        // A partial block (cut input) keeps its filters' look-ahead bytes back: see below.
        outEnd = runner.feed(out, runner.end, b.complete);
        const digest = runner.finish(out);
        if (digest) pending.push({ block: b, index: cur, digest });
        else if (b.checkType !== CHECK_NONE && applyFilters) unverified.push(b.headerOffset);
        runner = null;
        cur++;
        continue;
      }
      runner.feed(out, upTo, false);
      break;
    }
  };

  let nextProgress = PROGRESS_STEP;
  const sink = (chunk: Uint8Array): boolean => {
    const n = Math.min(out.length - written, chunk.length);
    out.set(n === chunk.length ? chunk : chunk.subarray(0, n), written);
    written += n;
    advance(written);
    if (opts.onProgress && written >= nextProgress) {
      nextProgress = written + PROGRESS_STEP;
      opts.onProgress(inAt(), written);
    }
    return !(capped && written >= out.length);
  };

  if (feedCount > 0) {
    advance(0); // zero-length leading blocks
    const run = await runXzDecompress(synth.pieces, sink, opts.signal);
    // An open (cut) last block ends with XZ_BUF_ERROR by design: the parse already said 'truncated'.
    const endsOpen = p.blocks[feedCount - 1]!.open && cur >= feedCount - 1;
    if (run.errorCode === 8 && endsOpen) {
      /* expected */
    } else if (run.errorCode !== undefined)
      errors.push(wasmError(run.errorCode, run.errorMessage ?? '', p, cur, written));
    else if (!run.stopped && !endsOpen && written < out.length) {
      errors.push(
        khiError(
          'internal',
          `The decoder stopped after ${written} of ${out.length} bytes without an error.`,
          inAt(),
        ),
      );
    }
    // A block cut short by the cap or an error: keep only the bytes its filters made final, so the
    // output stays an exact prefix of the real data (its check cannot be verified).
    if (runner !== null) outEnd = (runner as BlockRunner).feed(out, written, false);
  }
  opts.onProgress?.(inAt(), Math.min(outEnd, keep));
  if (capped) {
    const msg = `The xz data decodes to ${p.total} bytes, more than the limit of ${opts.maxOutput} bytes; output stops there.`;
    errors.push(khiError('too-large', msg, inAt()));
  }

  // Verify the checks (SHA-256 via WebCrypto resolves here).
  let verified = 0;
  for (const { block, index, digest } of pending) {
    const got = await digest;
    const size = CHECK_SIZES[block.checkType]!;
    const stored = input.subarray(block.checkOffset, block.checkOffset + size);
    if (sameBytes(got, stored)) verified++;
    else {
      errors.push(
        khiError(
          'corrupt',
          `Block ${index + 1} (at offset ${block.headerOffset}) fails its ${checkName(block.checkType)} check: the decoded data is damaged.`,
          block.headerOffset,
        ),
      );
    }
  }
  if (pending.length > 0 && verified === pending.length) {
    const kinds = [...new Set(pending.map((x) => checkName(x.block.checkType)))].join(', ');
    notes.push(`${verified === 1 ? 'The block check' : `All ${verified} block checks`} (${kinds}) verified.`);
  }
  if (unverified.length > 0) {
    notes.push(`${unverified.length} block(s) could not be verified (incomplete, or an unknown check type).`);
  }
  return finish(input, parsed, p, out.subarray(0, Math.min(outEnd, keep)), errors, notes, p.total);
}

function wasmError(code: number, message: string, p: Plan, cur: number, written: number): KhiError {
  const i = Math.min(cur, p.blocks.length - 1);
  const b = p.blocks[i]!;
  const at = chunkOffsetFor(b, b.dataOffset, written - p.starts[i]!);
  const name = XZ_RET_NAMES[code] ?? message;
  if (code === 7 && p.clamped[i]) {
    return khiError(
      'unsupported',
      `Block ${i + 1} (at offset ${b.headerOffset}) refers further back than the WebAssembly decoder's 64 MiB ` +
        `dictionary limit (it declares ${mib(lzma2DictSize(b.dictProp))}), or is corrupt; output stops near input offset ${at}.`,
      at,
    );
  }
  if (code === 7 || code === 8) {
    return khiError(
      'corrupt',
      `The LZMA2 data of block ${i + 1} is corrupt near offset ${at} (decoder: ${name}).`,
      at,
    );
  }
  if (code === 3 || code === 4) {
    return khiError(
      'unsupported',
      `The decoder could not allocate the dictionary for block ${i + 1} (${name}).`,
      b.headerOffset,
    );
  }
  return khiError(
    'internal',
    `The WebAssembly xz decoder failed on block ${i + 1} (${name}).`,
    b.headerOffset,
  );
}

function finish(
  input: Uint8Array,
  parsed: ParsedXz,
  p: Plan,
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
  if (streams.some((s) => s.checkType === CHECK_NONE) && p.blocks.length > 0) {
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
    // The earliest problem is the error; the others become notes.
    const sorted = [...errors].sort((a, b) => (a.offset ?? Infinity) - (b.offset ?? Infinity));
    result.error = sorted[0]!;
    for (const e of sorted.slice(1)) notes.push(`Also: ${e.message}`);
  }
  return result;
}
