/**
 * Parse .xz stream(s) forward without decoding: stream header, block headers, LZMA2 chunk walk,
 * block padding and check, index, footer, stream padding (xz-file-format 2–6). The result lists
 * every block that can be decoded, including a partial last block made of the complete LZMA2
 * chunks before a cut or damage. Never throws.
 */
import { bytesAt, u32le } from '../../bytes';
import { type KhiError, khiError } from '../../errors';
import { crc32 } from '../kit/crc32';
import { type XzFilter, filterProblem } from './filters';
import {
  CHECK_SIZES,
  FILTER_LZMA2,
  FOOTER_MAGIC0,
  FOOTER_MAGIC1,
  STREAM_FOOTER_SIZE,
  STREAM_HEADER_SIZE,
  XZ_MAGIC,
  ceil4,
  filterName,
  readVli,
} from './format';
import { type Lzma2Walk, walkLzma2 } from './lzma2-walk';

export interface XzBlock {
  stream: number;
  headerOffset: number;
  headerSize: number;
  /** All filters in header order; the last one is LZMA2. */
  filters: XzFilter[];
  dictProp: number;
  dataOffset: number;
  /**
   * Bytes of LZMA2 data to feed: through the end marker when complete; when damaged, the complete
   * chunks; when cut (`open`), everything up to the end of the input.
   */
  dataSize: number;
  complete: boolean;
  /** Cut inside its data: fed as is, decoded as far as the input goes, and last. */
  open: boolean;
  /** Exact when complete; for an open block an upper bound (includes the cut chunk's full size). */
  uncompressedSize: number;
  checkType: number;
  /** Offset of the stored check, or -1 when it is absent (cut off, or the block is partial). */
  checkOffset: number;
  chunkInEnds: number[];
  chunkOutEnds: number[];
}

export interface XzStreamInfo {
  offset: number;
  checkType: number;
  blockCount: number;
  /** Offset just past the footer (or where parsing stopped). */
  end: number;
  /** Zero bytes of stream padding after this stream. */
  padding: number;
}

export interface ParsedXz {
  blocks: XzBlock[];
  streams: XzStreamInfo[];
  /** End of the last complete stream plus its padding, or null when no stream ended cleanly. */
  end: number | null;
  /** The first structural problem; blocks before it (and a partial block) remain usable. */
  error?: KhiError;
}

/** Validate a 12-byte stream header at `o`; returns the check type or a problem. */
export function readStreamHeader(b: Uint8Array, o: number): number | KhiError {
  if (b.length - o < STREAM_HEADER_SIZE) {
    return khiError(
      'truncated',
      `The input ends inside the xz stream header (${b.length - o} of 12 bytes).`,
      b.length,
    );
  }
  if (!bytesAt(b, o, XZ_MAGIC)) {
    return khiError('not-found', 'Not an xz stream: the magic bytes FD 37 7A 58 5A 00 are missing.', o);
  }
  if (crc32(b, o + 6, o + 8) !== u32le(b, o + 8)) {
    return khiError('corrupt', 'The xz stream header is corrupt (its CRC32 does not match).', o + 6);
  }
  if (b[o + 6] !== 0 || (b[o + 7]! & 0xf0) !== 0) {
    return khiError(
      'unsupported',
      'The xz stream header uses flags this decoder does not know (a newer xz format?).',
      o + 6,
    );
  }
  return b[o + 7]! & 0x0f;
}

/** A Block Header's fields; sizes are -1 when the header does not declare them. */
interface BlockHeader {
  /** Offset just past the header (where the LZMA2 data starts). */
  end: number;
  compressedSize: number;
  uncompressedSize: number;
  filters: XzFilter[];
}

/** The fields of the Block Header at `p` (ending at `end`), or what is malformed in it. */
function headerFields(b: Uint8Array, p: number, end: number, flags: number): BlockHeader | string {
  const limit = end - 4;
  let q = p + 2;
  const h: BlockHeader = { end, compressedSize: -1, uncompressedSize: -1, filters: [] };
  if (flags & 0x40) {
    [h.compressedSize, q] = readVli(b, q, limit);
    if (h.compressedSize <= 0) return 'compressed size';
  }
  if (flags & 0x80) {
    [h.uncompressedSize, q] = readVli(b, q, limit);
    if (h.uncompressedSize < 0) return 'uncompressed size';
  }
  for (let k = 0; k <= (flags & 3); k++) {
    let id: number;
    let psize: number;
    [id, q] = readVli(b, q, limit);
    if (id < 0) return 'filter id';
    [psize, q] = readVli(b, q, limit);
    if (psize < 0 || q + psize > limit) return 'filter properties';
    h.filters.push({ id, props: b.subarray(q, q + psize) });
    q += psize;
  }
  for (; q < limit; q++) if (b[q] !== 0) return 'non-zero header padding';
  return h;
}

class Parser {
  readonly blocks: XzBlock[] = [];
  readonly streams: XzStreamInfo[] = [];
  error?: KhiError;

  constructor(private readonly b: Uint8Array) {}

  fail(e: KhiError): false {
    this.error ??= e;
    return false;
  }

  cut(what: string): false {
    return this.fail(
      khiError(
        'truncated',
        `The input ends inside ${what} (input is ${this.b.length} bytes).`,
        this.b.length,
      ),
    );
  }

  /** Parse one stream at `s`. Returns the offset past its footer, or false on a problem. */
  stream(s: number): number | false {
    const b = this.b;
    const ct = readStreamHeader(b, s);
    if (typeof ct !== 'number') return this.fail(ct);
    const info: XzStreamInfo = {
      offset: s,
      checkType: ct,
      blockCount: 0,
      end: s + STREAM_HEADER_SIZE,
      padding: 0,
    };
    this.streams.push(info);
    const first = this.blocks.length;
    let p = s + STREAM_HEADER_SIZE;
    for (;;) {
      if (p >= b.length) return this.cut('an xz stream (no index found)');
      if (b[p] === 0x00) break; // index indicator
      const next = this.block(p, s, info);
      if (next === false) return false;
      info.blockCount++;
      info.end = p = next;
    }
    const mine = this.blocks.slice(first);
    const idxEnd = this.index(p, s, mine);
    if (idxEnd === false) return false;
    if (!this.footer(idxEnd, idxEnd - p, s)) return false;
    info.end = idxEnd + STREAM_FOOTER_SIZE;
    return info.end;
  }

  /** Parse one block at `p` (stream starts at `s`); returns the offset past its check. */
  block(p: number, s: number, info: XzStreamInfo): number | false {
    const h = this.blockHeader(p);
    if (h === false) return false;
    const w = walkLzma2(this.b, h.end, this.b.length);
    const block: XzBlock = {
      stream: this.streams.length - 1,
      headerOffset: p,
      headerSize: h.end - p,
      filters: h.filters,
      dictProp: h.filters.at(-1)!.props[0]!,
      dataOffset: h.end,
      dataSize: w.end - h.end,
      complete: w.complete,
      open: false,
      uncompressedSize: w.uncompressed,
      checkType: info.checkType,
      checkOffset: -1,
      chunkInEnds: w.chunkInEnds,
      chunkOutEnds: w.chunkOutEnds,
    };
    if (!w.complete) return this.partialBlock(block, w);
    if (
      (h.compressedSize >= 0 && h.compressedSize !== block.dataSize) ||
      (h.uncompressedSize >= 0 && h.uncompressedSize !== w.uncompressed)
    ) {
      return this.fail(
        khiError('corrupt', `The block at offset ${p} declares sizes that do not match its LZMA2 data.`, p),
      );
    }
    this.blocks.push(block);
    return this.blockCheck(block, w.end, s);
  }

  /** Read and check the Block Header at `p`: its CRC32, flags, sizes and filter chain. */
  private blockHeader(p: number): BlockHeader | false {
    const b = this.b;
    const end = p + (b[p]! + 1) * 4;
    if (end > b.length) return this.cut(`the block header at offset ${p}`);
    if (crc32(b, p, end - 4) !== u32le(b, end - 4)) {
      return this.fail(
        khiError('corrupt', `The block header at offset ${p} is corrupt (its CRC32 does not match).`, p),
      );
    }
    const flags = b[p + 1]!;
    if (flags & 0x3c) {
      const msg = `The block header at offset ${p} sets reserved flags (0x${flags.toString(16)}).`;
      return this.fail(khiError('unsupported', msg, p + 1));
    }
    const bad = (what: string): false =>
      this.fail(khiError('corrupt', `The block header at offset ${p} is malformed (${what}).`, p));
    const h = headerFields(b, p, end, flags);
    if (typeof h === 'string') return bad(h);
    // Filter chain: LZMA2 last, BCJ/Delta before it.
    const lz = h.filters.at(-1)!;
    if (lz.id !== FILTER_LZMA2) {
      const msg = `The block at offset ${p} ends its filter chain with ${filterName(lz.id)} (id 0x${lz.id.toString(16)}); only LZMA2 is supported there.`;
      return this.fail(khiError('unsupported', msg, p));
    }
    if (lz.props.length !== 1 || lz.props[0]! > 40) return bad('LZMA2 properties');
    for (const f of h.filters.slice(0, -1)) {
      const why = filterProblem(f);
      if (why) {
        const code = f.id === FILTER_LZMA2 ? 'corrupt' : 'unsupported';
        return this.fail(khiError(code, `The block at offset ${p} uses an ${why}.`, p));
      }
    }
    return h;
  }

  /** A block whose chunk walk stopped early: keep the complete chunks (and feed a cut chunk too). */
  private partialBlock(block: XzBlock, w: Lzma2Walk): false {
    const pr = w.problem!;
    if (pr.kind === 'truncated') {
      // Feed the cut chunk too: liblzma emits its output as far as the input goes.
      block.open = true;
      block.dataSize = this.b.length - block.dataOffset;
      block.uncompressedSize += w.pendingOut;
    }
    if (block.uncompressedSize > 0) this.blocks.push(block);
    return this.fail(khiError(pr.kind, pr.message, pr.offset));
  }

  /** Block padding to a multiple of 4 (from the stream start `s`), then the check; returns its end. */
  private blockCheck(block: XzBlock, dataEnd: number, s: number): number | false {
    const b = this.b;
    const padEnd = s + ceil4(dataEnd - s);
    const checkSize = CHECK_SIZES[block.checkType]!;
    if (padEnd + checkSize > b.length) {
      return this.cut(`the block at offset ${block.headerOffset} (its check is missing)`);
    }
    for (let i = dataEnd; i < padEnd; i++) {
      if (b[i] !== 0) {
        return this.fail(khiError('corrupt', `The block padding at offset ${i} is not zero.`, i));
      }
    }
    block.checkOffset = padEnd;
    return padEnd + checkSize;
  }

  /** Parse and cross-check the index at `p`; returns the offset past it. */
  index(p: number, s: number, blocks: XzBlock[]): number | false {
    const b = this.b;
    const checkSize = CHECK_SIZES[this.streams[this.streams.length - 1]!.checkType]!;
    const bad = (what: string, at: number): false =>
      this.fail(khiError('corrupt', `The xz index at offset ${p} ${what}.`, at));
    const [count, q0] = readVli(b, p + 1, b.length);
    let q = q0;
    if (count === -1) return this.cut('the xz index');
    if (count < 0) return bad('is malformed', p + 1);
    if (count !== blocks.length) return bad(`lists ${count} blocks, but the stream has ${blocks.length}`, p);
    for (let i = 0; i < count; i++) {
      let unpadded: number;
      let uncomp: number;
      [unpadded, q] = readVli(b, q, b.length);
      if (unpadded === -1) return this.cut('the xz index');
      [uncomp, q] = readVli(b, q, b.length);
      if (uncomp === -1) return this.cut('the xz index');
      const blk = blocks[i]!;
      if (unpadded !== blk.headerSize + blk.dataSize + checkSize || uncomp !== blk.uncompressedSize) {
        return bad(`does not match block ${i + 1} (at offset ${blk.headerOffset})`, q);
      }
    }
    const padEnd = s + ceil4(q - s);
    if (padEnd + 4 > b.length) return this.cut('the xz index');
    for (let i = q; i < padEnd; i++) if (b[i] !== 0) return bad('has non-zero padding', i);
    if (crc32(b, p, padEnd) !== u32le(b, padEnd)) return bad('is corrupt (its CRC32 does not match)', padEnd);
    return padEnd + 4;
  }

  /** Check the footer at `f` against the index size and the header flags. */
  footer(f: number, indexSize: number, s: number): boolean {
    const b = this.b;
    if (f + STREAM_FOOTER_SIZE > b.length) return this.cut('the xz stream footer');
    const bad = (what: string): false =>
      this.fail(khiError('corrupt', `The xz stream footer at offset ${f} ${what}.`, f));
    if (b[f + 10] !== FOOTER_MAGIC0 || b[f + 11] !== FOOTER_MAGIC1) return bad('lacks its "YZ" magic');
    if (crc32(b, f + 4, f + 10) !== u32le(b, f)) return bad('is corrupt (its CRC32 does not match)');
    if ((u32le(b, f + 4) + 1) * 4 !== indexSize) return bad('gives a wrong index size');
    if (b[f + 8] !== b[s + 6] || b[f + 9] !== b[s + 7])
      return bad('has flags that differ from the stream header');
    return true;
  }
}

/** Parse all concatenated streams in `b` (with stream padding between them). */
export function parseXz(b: Uint8Array): ParsedXz {
  const ps = new Parser(b);
  if (b.length === 0) {
    return {
      blocks: [],
      streams: [],
      end: null,
      error: khiError('truncated', 'The input is empty: there is no xz stream.', 0),
    };
  }
  let pos = 0;
  let end: number | null = null;
  for (;;) {
    const next = ps.stream(pos);
    if (next === false) break;
    pos = end = next;
    // Stream padding: groups of 4 zero bytes, valid when another stream or the end of input follows.
    let z = 0;
    while (pos + z < b.length && b[pos + z] === 0) z++;
    const last = ps.streams[ps.streams.length - 1]!;
    if (z % 4 === 0 && pos + z === b.length) {
      last.padding = z;
      end = pos + z;
      break;
    }
    if (z % 4 === 0 && bytesAt(b, pos + z, XZ_MAGIC)) {
      last.padding = z;
      pos += z;
      continue;
    }
    break;
  }
  const r: ParsedXz = { blocks: ps.blocks, streams: ps.streams, end };
  if (ps.error) r.error = ps.error;
  return r;
}
