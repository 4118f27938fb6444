/**
 * lzma-alone (".lzma", LZMA1): what kbuild's `cmd_lzma` makes (`lzma -9` + a 4-byte LE size).
 *
 * Header (13 bytes): props byte ((pb * 5 + lp) * 9 + lc), dictionary size u32 LE, uncompressed
 * size u64 LE (all FF = unknown; then an end marker ends the stream). The range-coded data
 * follows; kbuild appends the uncompressed size as u32 LE. See FORMATS.md 2c/2d.
 */
import { u32le } from '../bytes';
import { khiError } from '../errors';
import type { KhiError } from '../errors';
import { Pacer, cancelled, tooLarge, trailingNotes } from './codec-kit';
import type { Codec, DecodeOptions, DecodeResult } from './contract';
import { LzmaDecoder, Status, decodeProps } from './lzma-decoder';

const HEADER = 13;
/** Output produced between progress reports and cancellation checks. */
const CHUNK = 1 << 20;
/**
 * A small first chunk: the decoder loop's chunk-end branch then has type feedback before V8
 * optimizes the loop, which saves a deoptimization and ~25% of a cold decode.
 */
const FIRST_CHUNK = 4096;

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

/**
 * When the input is exactly a kbuild payload, its last 4 bytes are the output size: a good first
 * allocation. -1 when implausible (LZMA output is at least about half its input, at most ~64×).
 */
function trailerHint(input: Uint8Array): number {
  if (input.length < HEADER + 9) return -1;
  const n = u32le(input, input.length - 4);
  const packed = input.length - HEADER;
  return n >= packed / 2 && n <= packed * 64 ? n : -1;
}

async function decode(input: Uint8Array, opts: DecodeOptions): Promise<DecodeResult> {
  const fields: Record<string, string | number> = {};
  const notes: string[] = [];
  const empty = new Uint8Array(0);
  if (input.length < HEADER) {
    const error = khiError(
      'truncated',
      `The lzma header needs 13 bytes; only ${input.length} are there.`,
      input.length,
    );
    return { output: empty, consumed: null, error, fields, notes };
  }
  const props = decodeProps(input[0]!);
  if (!props) {
    const error = khiError(
      'corrupt',
      `Invalid lzma properties byte 0x${input[0]!.toString(16)} (must be below 0xe1).`,
      0,
    );
    return { output: empty, consumed: null, error, fields, notes };
  }
  const dict = u32le(input, 1);
  const unknown = sizeUnknown(input);
  const knownSize = unknown ? -1 : u32le(input, 5) + u32le(input, 9) * 2 ** 32;
  fields.lc = props.lc;
  fields.lp = props.lp;
  fields.pb = props.pb;
  fields.dictionary = dictLabel(dict);
  fields['uncompressed size'] = unknown ? 'unknown' : knownSize;
  if (!plausibleDict(dict)) notes.push(`Unusual dictionary size ${dict} (not 2^n or 2^n+2^(n-1)).`);

  if (input.length > HEADER && input[HEADER] !== 0) {
    const error = khiError(
      'corrupt',
      'The lzma data does not start with a 0 byte, as a range-coded stream must.',
      HEADER,
    );
    return { output: empty, consumed: null, error, fields, notes };
  }
  const pacer = new Pacer(opts);
  if (pacer.aborted()) return { output: empty, consumed: null, error: cancelled(0), fields, notes };
  const dec = new LzmaDecoder(input, HEADER, props, knownSize, opts.maxOutput, trailerHint(input));
  let status: Status;
  let error: KhiError | undefined;
  for (;;) {
    status = dec.run(dec.outPos + (dec.outPos === 0 ? FIRST_CHUNK : CHUNK));
    if (status !== Status.More) break;
    const stop = await pacer.tick(Math.min(dec.inPos, input.length), dec.outPos);
    if (stop) {
      error = stop;
      break;
    }
  }
  const outLen = dec.outPos;
  let consumed: number | null = null;
  switch (status) {
    case Status.More:
      break; // cancelled
    case Status.EndMarker:
      consumed = dec.inPos;
      fields['end marker'] = 'yes';
      if (knownSize >= 0 && outLen !== knownSize) {
        error = khiError(
          'corrupt',
          `The lzma end marker came after ${outLen} bytes, but the header says ${knownSize}.`,
          dec.inPos,
        );
      } else if (!dec.finishedOk) {
        error = khiError(
          'corrupt',
          'The lzma range decoder did not end cleanly after the end marker.',
          dec.inPos,
          'warning',
        );
      }
      break;
    case Status.SizeReached:
      consumed = dec.inPos;
      fields['end marker'] = 'no';
      break;
    case Status.InputEnd:
      consumed = dec.inPos;
      fields['end marker'] = 'no';
      notes.push('No size and no end marker: the stream was taken to end where the input ends.');
      break;
    case Status.TrailerEnd:
      consumed = dec.inPos;
      fields['end marker'] = 'no';
      notes.push(
        'No size and no end marker: the stream was taken to end where a matching size trailer follows.',
      );
      break;
    case Status.Truncated:
      error = khiError('truncated', `The lzma data ends early (after ${outLen} output bytes).`, input.length);
      break;
    case Status.Corrupt:
      error = khiError(
        'corrupt',
        `The lzma data is corrupt (a match points before the start of the output, after ${outLen} bytes).`,
        dec.errorAt,
      );
      break;
    case Status.OutputLimit:
      error = dec.allocFailed
        ? khiError(
            'too-large',
            `Could not allocate memory for the lzma output (${outLen} bytes decoded).`,
            Math.min(dec.inPos, input.length),
          )
        : tooLarge('lzma', opts.maxOutput, Math.min(dec.inPos, input.length));
      break;
    case Status.DataAfterSize:
      error = khiError(
        'corrupt',
        `The lzma data goes on after the ${knownSize} bytes the header declares.`,
        Math.min(dec.inPos, input.length),
        'warning',
      );
      break;
  }
  if (consumed !== null) {
    trailingNotes(input, consumed, outLen, notes, fields);
    opts.onProgress?.(consumed, outLen);
  }
  // Hand back a tight buffer when the growing one is much larger than the data (if memory allows).
  const out = dec.out;
  let output = out.subarray(0, outLen);
  if (out.length - outLen > outLen >>> 2) {
    try {
      output = out.slice(0, outLen);
    } catch {
      // keep the view
    }
  }
  const result: DecodeResult = { output, consumed, fields, notes };
  if (error) result.error = error;
  return result;
}

export const lzma: Codec = {
  id: 'lzma',
  name: 'lzma',
  magic: new Uint8Array([0x5d, 0x00, 0x00]),
  probe,
  decode,
};
