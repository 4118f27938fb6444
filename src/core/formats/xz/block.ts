/**
 * Decode ONE xz Block with liblzma into a given output range: the unit of both the sequential
 * decode (decode.ts) and a parallel multi-block decode (one worker per block range). liblzma undoes
 * BCJ/Delta, verifies the Block's check (CRC32/CRC64/SHA-256) and its sizes, and never hands out a
 * byte a filter could still change, so a cut or damaged block yields an exact prefix.
 */
import { LZMA_DATA_ERROR, LZMA_OK, Liblzma } from '../../wasm/liblzma';
import { FixedSink, type OutputSink, type StepOptions } from '../../wasm/steps';
import { CHECK_SIZES } from './format';

export interface XzBlockInput {
  /**
   * The block's bytes from the first byte of its Block Header through its Check field, or through
   * whatever exists of it (a cut or damaged block: then the sizes are null).
   */
  bytes: Uint8Array;
  /** Check ID from the stream flags (0 None, 1 CRC32, 4 CRC64, 10 SHA-256, others unverified). */
  checkType: number;
  /** Exact size of the Compressed Data (from the index), or null when unknown. */
  compressedSize: number | null;
  /** Exact uncompressed size (from the index), or null when unknown. */
  uncompressedSize: number | null;
  /**
   * Upper bound for the LZMA2 dictionary (0: as declared). The block's own uncompressed size, or
   * the output room, is always enough: a match never reaches before the block's start.
   */
  dictCap: number;
}

export interface XzBlockResult {
  /** Bytes written to `out` (from its start). */
  produced: number;
  /** Bytes of `bytes` consumed, Block Header included. */
  consumed: number;
  /**
   * 'ok': decoded and verified (check and sizes); 'cut': the bytes ran out first; 'full': `out`
   * filled before the block ended; 'check': everything decoded but the check does not match;
   * 'error': liblzma stopped with `ret` (see lzmaRetText).
   */
  status: 'ok' | 'cut' | 'full' | 'check' | 'error';
  ret: number;
}

/** Decode one block into `out`: a view of the final buffer (no intermediate copies), or a sink. */
export async function decodeXzBlock(
  block: XzBlockInput,
  out: Uint8Array | OutputSink,
  opts: StepOptions = {},
): Promise<XzBlockResult> {
  const lz = await Liblzma.acquire();
  try {
    return await decodeXzBlockWith(lz, block, out, opts);
  } finally {
    lz.release();
  }
}

/** The same with an instance the caller holds (a sequence of blocks reuses one dictionary). */
export async function decodeXzBlockWith(
  lz: Liblzma,
  block: XzBlockInput,
  out: Uint8Array | OutputSink,
  opts: StepOptions,
): Promise<XzBlockResult> {
  const headerSize = block.bytes.length > 0 ? (block.bytes[0]! + 1) * 4 : 0;
  if (block.bytes.length < headerSize || headerSize === 0)
    return { produced: 0, consumed: 0, status: 'cut', ret: LZMA_OK };
  const ret = lz.initBlock(
    block.bytes,
    block.checkType,
    block.compressedSize,
    block.uncompressedSize,
    block.dictCap,
  );
  if (ret !== LZMA_OK) return { produced: 0, consumed: 0, status: 'error', ret };
  const sink = out instanceof Uint8Array ? new FixedSink(out) : out;
  const r = await lz.run(block.bytes.subarray(headerSize), sink, opts);
  const consumed = headerSize + r.consumed;
  const res: XzBlockResult = { produced: r.produced, consumed, status: 'ok', ret: r.ret };
  if (r.status === 'end') return res;
  res.status = r.status;
  if (
    r.status === 'error' &&
    r.ret === LZMA_DATA_ERROR &&
    block.uncompressedSize !== null &&
    r.produced === block.uncompressedSize &&
    consumed === block.bytes.length &&
    CHECK_SIZES[block.checkType]! > 0
  ) {
    res.status = 'check';
  }
  return res;
}
