/**
 * lzma-alone (".lzma", LZMA1): what kbuild's `cmd_lzma` makes (`lzma -9` + a 4-byte LE size).
 *
 * Header (13 bytes): props byte ((pb * 5 + lp) * 9 + lc), dictionary size u32 LE, uncompressed
 * size u64 LE (all FF = unknown; then an end marker ends the stream). The range-coded data
 * follows; kbuild appends the uncompressed size as u32 LE. The data is decoded by liblzma's raw
 * LZMA1 decoder (src/core/wasm/liblzma.ts); this file reads the header and decides where a stream
 * without size or end marker ends (at the input's end, or where a matching size trailer follows).
 */
import { u32le } from '../../bytes';
import { type KhiError, khiError } from '../../errors';
import {
  LZMA_DATA_ERROR,
  LZMA_MEM_ERROR,
  LZMA_OK,
  LZMA_OPTIONS_ERROR,
  Liblzma,
  lzmaRetText,
} from '../../wasm/liblzma';
import { RET_TRAP, type StepResult, unlessAborted } from '../../wasm/steps';
import { ChunkSink, cancelled, tooLarge, trailingNotes } from '../kit/codec-kit';
import type { Codec, DecodeOptions, DecodeResult } from '../contract';

const HEADER = 13;
/** Output bytes between progress reports and abort checks. */
const PROGRESS_STEP = 1 << 20;

interface LzmaProps {
  lc: number;
  lp: number;
  pb: number;
}

/** The lc/lp/pb properties byte; null when out of range (≥ 225). */
export function decodeProps(b: number): LzmaProps | null {
  if (b >= 225) return null;
  const lc = b % 9;
  const rest = (b / 9) | 0;
  return { lc, lp: rest % 5, pb: (rest / 5) | 0 };
}

/** xz and the LZMA SDK write 2^n or 2^n + 2^(n-1); kernels use 4 KiB … 1.5 GiB. */
export function plausibleDict(d: number): boolean {
  if (d < 4096 || d > 0x60000000) return false;
  const pow2 = (x: number): boolean => x > 0 && (x & (x - 1)) === 0;
  return pow2(d) || (d % 3 === 0 && pow2(d / 3));
}

function sizeUnknown(b: Uint8Array): boolean {
  for (let i = 5; i < 13; i++) if (b[i] !== 0xff) return false;
  return true;
}

function dictLabel(n: number): string {
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n / (1 << 20)} MiB`;
  if (n >= 1 << 10 && n % (1 << 10) === 0) return `${n / (1 << 10)} KiB`;
  return `${n} B`;
}

function probe(input: Uint8Array): Record<string, string | number> | null {
  if (input.length < HEADER + 5) return null;
  const props = decodeProps(input[0]!);
  if (!props) return null;
  const dict = u32le(input, 1);
  if (!plausibleDict(dict)) return null;
  const unknown = sizeUnknown(input);
  // Known sizes must be below 2^40 (1 TiB): bytes 10..12 of the u64 are zero.
  if (!unknown && (input[10] !== 0 || input[11] !== 0 || input[12] !== 0)) return null;
  if (input[HEADER] !== 0) return null; // the range coder's first byte is always 0
  return {
    lc: props.lc,
    lp: props.lp,
    pb: props.pb,
    dictionary: dictLabel(dict),
    'uncompressed size': unknown ? 'unknown' : u32le(input, 5) + u32le(input, 9) * 2 ** 32,
  };
}

interface Header {
  props: number;
  dict: number;
  /** Declared uncompressed size; null when unknown. */
  size: number | null;
}

/** Read and check the 13-byte header; fields and notes describe it. */
function readHeader(
  input: Uint8Array,
  fields: Record<string, string | number>,
  notes: string[],
): Header | KhiError {
  if (input.length < HEADER)
    return khiError(
      'truncated',
      `The lzma header needs 13 bytes; only ${input.length} are there.`,
      input.length,
    );
  const props = decodeProps(input[0]!);
  if (!props)
    return khiError(
      'corrupt',
      `Invalid lzma properties byte 0x${input[0]!.toString(16)} (must be below 0xe1).`,
      0,
    );
  const dict = u32le(input, 1);
  const size = sizeUnknown(input) ? null : u32le(input, 5) + u32le(input, 9) * 2 ** 32;
  fields.lc = props.lc;
  fields.lp = props.lp;
  fields.pb = props.pb;
  fields.dictionary = dictLabel(dict);
  fields['uncompressed size'] = size ?? 'unknown';
  if (!plausibleDict(dict)) notes.push(`Unusual dictionary size ${dict} (not 2^n or 2^n+2^(n-1)).`);
  if (input.length > HEADER && input[HEADER] !== 0)
    return khiError(
      'corrupt',
      'The lzma data does not start with a 0 byte, as a range-coded stream must.',
      HEADER,
    );
  return { props: input[0]!, dict, size };
}

/** One liblzma run over `body` with a given size rule. */
interface Pass extends StepResult {
  out: ChunkSink;
  /** The signal fired during the run (`produced` bytes are in `out`). */
  aborted?: boolean;
}

async function pass(
  lz: Liblzma,
  body: Uint8Array,
  h: Header,
  size: number | null,
  allowEndMarker: boolean,
  opts: DecodeOptions,
): Promise<Pass> {
  // A match never reaches further back than the output allowed, so the dictionary needs no more.
  const dict = Math.min(h.dict, Math.max(4096, size ?? opts.maxOutput));
  const trailer = body.length >= 4 ? u32le(body, body.length - 4) : -1;
  // The first allocation: the declared size, else a plausible kbuild size trailer, else 8× the
  // input (about what text compresses to). A wrong guess costs one copy at the end (ChunkSink).
  const guess = size ?? (trailer >= body.length / 2 && trailer <= body.length * 64 ? trailer : -1);
  const first = guess >= 0 && guess <= body.length * 64 ? guess : Math.max(1 << 16, body.length * 8);
  const out = new ChunkSink(first, opts.maxOutput);
  const initRet = lz.initLzma1(h.props, dict, size, allowEndMarker);
  if (initRet !== LZMA_OK) return { out, consumed: 0, produced: 0, ret: initRet, status: 'error' };
  const onProgress = opts.onProgress;
  const r = await unlessAborted(
    lz.run(body, out, {
      signal: opts.signal,
      reportEvery: PROGRESS_STEP,
      onProgress: onProgress ? (i, o) => onProgress(HEADER + i, o) : undefined,
    }),
  );
  return r
    ? { ...r, out }
    : { out, consumed: 0, produced: out.written, ret: LZMA_OK, status: 'error', aborted: true };
}

/** How the stream ended, with its consumed length, or the error that stopped it. */
interface Ending {
  run: Pass;
  consumed: number | null;
  note?: string;
  endMarker?: boolean;
  error?: KhiError;
}

/** Decode, then settle the cases liblzma cannot tell alone (size without marker, trailers). */
async function decodeBody(lz: Liblzma, input: Uint8Array, h: Header, opts: DecodeOptions): Promise<Ending> {
  const body = input.subarray(HEADER);
  const run = await pass(lz, body, h, h.size, false, opts);
  if (run.aborted) return { run, consumed: null, error: cancelled(HEADER) };
  // The instance trapped: no second pass on it; what it decoded is kept.
  if (run.ret === RET_TRAP) return { run, consumed: null, error: runError(run, input, h, opts) };
  if (run.status === 'end') return { run, consumed: HEADER + run.consumed, endMarker: h.size === null };
  if (h.size !== null && run.ret === LZMA_DATA_ERROR && run.produced === h.size) {
    // The size is reached but the data goes on: an end marker, or more data than declared.
    const again = await pass(lz, body, h, h.size, true, opts);
    if (again.status === 'end') return { run: again, consumed: HEADER + again.consumed, endMarker: true };
    const msg = `The lzma data goes on after the ${h.size} bytes the header declares.`;
    return {
      run,
      consumed: HEADER + run.consumed,
      error: khiError('corrupt', msg, HEADER + run.consumed, 'warning'),
    };
  }
  if (h.size === null && run.status !== 'full' && body.length >= 9) {
    // No size and no end marker: the stream may end where a matching size trailer follows …
    const n = u32le(body, body.length - 4);
    const cut = body.subarray(0, body.length - 4);
    const t = n > 0 && n <= opts.maxOutput ? await pass(lz, cut, h, n, false, opts) : null;
    if (t?.status === 'end' && t.consumed === cut.length) {
      const note =
        'No size and no end marker: the stream was taken to end where a matching size trailer follows.';
      return { run: t, consumed: HEADER + t.consumed, note, endMarker: false };
    }
  }
  if (h.size === null && run.status === 'cut') {
    // … or where the input ends, if the range coder finishes cleanly there.
    const e = await pass(lz, body, h, run.produced, false, opts);
    if (e.status === 'end' && e.consumed === body.length) {
      const note = 'No size and no end marker: the stream was taken to end where the input ends.';
      return { run: e, consumed: input.length, note, endMarker: false };
    }
  }
  return { run, consumed: null, error: runError(run, input, h, opts) };
}

function runError(run: Pass, input: Uint8Array, h: Header, opts: DecodeOptions): KhiError {
  const at = Math.min(input.length, HEADER + run.consumed);
  if (run.status === 'cut')
    return khiError(
      'truncated',
      `The lzma data ends early (after ${run.produced} output bytes).`,
      input.length,
    );
  if (run.status === 'full') return tooLarge('lzma', opts.maxOutput, at);
  if (run.ret === LZMA_MEM_ERROR)
    return khiError('too-large', `Cannot allocate the ${dictLabel(h.dict)} lzma dictionary.`, 1);
  if (run.ret === LZMA_OPTIONS_ERROR) {
    const p = decodeProps(h.props)!;
    const msg = `lzma properties lc=${p.lc} lp=${p.lp} are not supported (lc + lp must be at most 4).`;
    return khiError('unsupported', msg, 0);
  }
  const what = run.ret === LZMA_DATA_ERROR ? '' : ` (liblzma: ${lzmaRetText(run.ret)})`;
  return khiError('corrupt', `The lzma data is corrupt near offset ${at}${what}.`, at);
}

async function decode(input: Uint8Array, opts: DecodeOptions): Promise<DecodeResult> {
  const fields: Record<string, string | number> = {};
  const notes: string[] = [];
  const h = readHeader(input, fields, notes);
  if ('code' in h) return { output: new Uint8Array(0), consumed: null, error: h, fields, notes };
  if (opts.signal?.aborted)
    return { output: new Uint8Array(0), consumed: null, error: cancelled(0), fields, notes };
  const lz = await Liblzma.acquire();
  let end: Ending;
  try {
    end = await decodeBody(lz, input, h, opts);
  } finally {
    lz.release();
  }
  const outLen = end.run.produced;
  if (end.endMarker !== undefined) fields['end marker'] = end.endMarker ? 'yes' : 'no';
  if (end.note) notes.push(end.note);
  if (end.consumed !== null) {
    trailingNotes(input, end.consumed, outLen, notes, fields);
    opts.onProgress?.(end.consumed, outLen);
  }
  const result: DecodeResult = {
    output: end.run.out.result(),
    consumed: end.consumed,
    fields,
    notes,
  };
  if (end.error) result.error = end.error;
  return result;
}

export const lzma: Codec<'lzma'> = {
  id: 'lzma',
  name: 'lzma',
  magic: new Uint8Array([0x5d, 0x00, 0x00]),
  probe,
  decode,
};
