/**
 * Build the stream that xz-decompress (xz-embedded in WebAssembly) can decode: one stream with
 * check None whose blocks list only LZMA2, with the original compressed bytes unchanged and an
 * exact index. BCJ filters and every check are then handled in TypeScript. xz-embedded as
 * shipped supports neither BCJ nor SHA-256 (LIBRARIES.md), and it verifies the rebuilt index
 * exactly, so every size here must be right to the byte.
 *
 * The result is a list of pieces: small new headers plus views into the input (no copy).
 */
import { crc32 } from './crc';
import { FILTER_LZMA2, XZ_MAGIC, writeVli } from './format';

export interface SynthBlock {
  /** LZMA2 data: complete chunks, ending with the end marker unless `addEndMarker`. */
  data: Uint8Array;
  /** Append the 0x00 end marker (for a block cut to its complete chunks). */
  addEndMarker: boolean;
  uncompressedSize: number;
  dictProp: number;
  /**
   * Cut input: the data is fed as is and the stream simply ends there (no sizes, no index).
   * Only the last block may be open; the decoder then stops with XZ_BUF_ERROR (8) after
   * delivering everything it could decode.
   */
  open?: boolean;
}

function le32(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}

function withCrc(body: number[]): Uint8Array {
  const out = new Uint8Array(body.length + 4);
  out.set(body);
  const c = crc32(out, 0, body.length);
  out.set(le32(c), body.length);
  return out;
}

const END_MARKER = Uint8Array.of(0x00);
const ZEROS = new Uint8Array(4);

/** Stream header with check None: magic, flags 00 00, CRC32 of the flags. */
function streamHeader(): Uint8Array {
  const out = new Uint8Array(12);
  out.set(XZ_MAGIC);
  out.set(withCrc([0, 0]), 6);
  return out;
}

/** Block header: one filter (LZMA2 with its dictionary property), sizes present unless null. */
function blockHeader(compressed: number | null, uncompressed: number, dictProp: number): Uint8Array {
  const sizes = compressed === null ? [] : [...writeVli(compressed), ...writeVli(uncompressed)];
  const body = [0, compressed === null ? 0x00 : 0xc0, ...sizes, FILTER_LZMA2, 1, dictProp];
  while ((body.length + 4) % 4) body.push(0);
  body[0] = (body.length + 4) / 4 - 1;
  return withCrc(body);
}

export function synthesize(blocks: SynthBlock[]): { pieces: Uint8Array[]; size: number } {
  const pieces: Uint8Array[] = [streamHeader()];
  const index: number[] = [0, ...writeVli(blocks.length)];
  for (const blk of blocks) {
    if (blk.open) {
      pieces.push(blockHeader(null, 0, blk.dictProp), blk.data);
      return { pieces, size: pieces.reduce((a, p) => a + p.length, 0) };
    }
    const compressed = blk.data.length + (blk.addEndMarker ? 1 : 0);
    const hdr = blockHeader(compressed, blk.uncompressedSize, blk.dictProp);
    pieces.push(hdr, blk.data);
    if (blk.addEndMarker) pieces.push(END_MARKER);
    const pad = (4 - (compressed % 4)) % 4;
    if (pad) pieces.push(ZEROS.subarray(0, pad));
    // Unpadded size = header + compressed data + check (none).
    index.push(...writeVli(hdr.length + compressed), ...writeVli(blk.uncompressedSize));
  }
  while (index.length % 4) index.push(0);
  const idx = withCrc(index);
  const backward = idx.length / 4 - 1;
  // Footer: CRC32 of (backward size, flags), backward size = index size / 4 - 1, flags, "YZ".
  const footer = new Uint8Array(12);
  footer.set([...le32(backward), 0, 0], 4);
  footer.set(le32(crc32(footer, 4, 10)), 0);
  footer[10] = 0x59;
  footer[11] = 0x5a;
  pieces.push(idx, footer);
  return { pieces, size: pieces.reduce((a, p) => a + p.length, 0) };
}
