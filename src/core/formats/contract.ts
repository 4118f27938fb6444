import type { Budget } from '../budget';
import type { KhiError } from '../errors';
import type { FoundBy, KernelFacts } from '../types';
import type { CodecId } from './index';

/**
 * The contract every codec implements (gzip, xz, zstd, lz4-legacy, lzma, bzip2, lzo).
 *
 * `input` starts at the codec's magic and runs to the end of the known region (or the end of the
 * parent buffer when the length is unknown). A codec never throws for bad data: it returns what it
 * decoded before the damage together with a typed error.
 *
 * Cancellation is data, one way: when `signal` fires, a codec returns what it decoded so far with
 * the error code 'cancelled'. A codec should not throw for it; if one does (an AbortError out of a
 * step loop), the registry's guard turns it into that result. Only the opener (`../layers.ts`)
 * turns a user's cancel into a thrown AbortError for the caller of `inspect()`.
 */
export interface DecodeOptions {
  /** Hard cap on output bytes (decompression-bomb guard). Reaching it returns error 'too-large'. */
  maxOutput: number;
  signal?: AbortSignal;
  /** Called now and then with compressed bytes consumed and output bytes produced so far. */
  onProgress?: (inDone: number, outDone: number) => void;
  /**
   * Optional early stop: called between steps with the output so far; when it resolves true the
   * codec stops there and returns that prefix (no error, `consumed` null, a note saying so). A
   * codec may ignore it (gzip uses it: `--config` stops once the config is in the output).
   */
  enough?: (output: Uint8Array) => Promise<boolean>;
  /**
   * Optional, for reading the output while it decodes (the opener's tar walk): the first `avail`
   * bytes of `output` are decoded and in place. `output` is the buffer the result's `output` will be
   * a view of, from its start; bytes told once never change, but the result may keep fewer of them
   * (a block that fails is dropped whole), so the reader checks against the result. A codec may
   * ignore it (xz calls it when its blocks decode on other threads, so the reading costs the decode
   * nothing; without a pool it is never called).
   */
  onPrefix?: (output: Uint8Array, avail: number) => void;
}

export interface DecodeResult {
  /** Decoded bytes (possibly partial when `error` is set). */
  output: Uint8Array;
  /** Exact compressed length of the stream(s) when the codec can tell; null when unknown. */
  consumed: number | null;
  /** An error stops decoding; output holds everything decoded before it. */
  error?: KhiError;
  /** Facts worth showing: check type, filters, dictionary size, block count, … */
  fields: Record<string, string | number>;
  /** Remarks: trailing bytes, concatenated streams, an unverified check, … */
  notes: string[];
}

/** `Id` is the codec's literal id: the registry derives the `CodecId` union from its entries. */
export interface Codec<Id extends string = string> {
  id: Id;
  /** Display name, e.g. "xz". */
  name: string;
  /** Magic bytes at the start of a stream. */
  magic: Uint8Array;
  /**
   * Cheap header validation at `input[0]`; returns null for a false hit. Never throws.
   * Used by the scanner to reject the many false hits of short magics before decoding.
   */
  probe(input: Uint8Array): Record<string, string | number> | null;
  decode(input: Uint8Array, opts: DecodeOptions): Promise<DecodeResult>;
}

/** The id of a registered codec: derived from the registry's list, so a new codec adds nothing here. */
export type { CodecId };

/** Options of a registered codec's decode: a codec's own options plus the open's budget. */
export interface RunOptions extends DecodeOptions {
  /**
   * The output and time budget of the whole open. The guard caps `maxOutput` at what the budget
   * has left, hands the codec the budget's signal (user cancel or deadline), charges the output,
   * and names the budget ('budget-output', 'budget-time') when it, not the stream, stopped the decode.
   */
  budget?: Budget;
}

declare const guardedBrand: unique symbol;

/**
 * A codec as the registry (`index.ts`) hands it out: wrapped by the one guard (`kit/guard.ts`), so
 * it never throws, never returns more than `maxOutput` (or the budget) allows, reports cancellation
 * as data and charges the budget. Only `guardCodec` makes one; the registry's lists hold nothing else,
 * so a format cannot opt out.
 */
export interface GuardedCodec extends Omit<Codec<CodecId>, 'decode'> {
  readonly [guardedBrand]: true;
  decode(input: Uint8Array, opts: RunOptions): Promise<DecodeResult>;
}

/* ------------------------------------------------------------------------------------------ */
/* Containers: a header at offset 0 of a layer that says where the interesting bytes are.      */
/* ------------------------------------------------------------------------------------------ */

export interface ContainerHit {
  /** Human label, e.g. "x86 bzImage (boot protocol 2.15)". */
  label: string;
  /** Length of the container in the layer's bytes when known. */
  length: number | null;
  fields: Record<string, string | number>;
  notes: string[];
}

/** A region inside a container: the container's header fields point at it. */
export interface Region {
  /** Offset inside the container's bytes (which start at the container's offset 0). */
  offset: number;
  /** Exact length if the header says so; null to mean "to the end / unknown". */
  length: number | null;
  label: string;
  foundBy: FoundBy;
  /**
   * What the container says is there: a codec id, 'raw' for uncompressed bytes that should be
   * scanned again (e.g. an uncompressed Image in boot.img), or undefined to sniff.
   */
  expect?: CodecId | 'raw';
  fields?: Record<string, string | number>;
  notes?: string[];
}

export interface ContainerOpened {
  regions: Region[];
  errors: KhiError[];
  /** Kernel facts the header reveals (bzImage version string, arm64 endianness …). */
  facts?: Partial<KernelFacts>;
  /**
   * When true, the bytes outside the regions are also scanned for markers and magics (ELF files and
   * raw kernel images embed IKCFG/kheaders blobs that a header does not point to).
   */
  scanRest: boolean;
}

export interface Container {
  id: string;
  name: string;
  /** Validate a header at buf[0]. Cheap; returns null for a false hit; never throws. */
  probe(buf: Uint8Array): ContainerHit | null;
  /** Describe what is inside. Never throws for bad data: damage goes into `errors`. */
  open(buf: Uint8Array, hit: ContainerHit): ContainerOpened;
}

/** A container as the registry hands it out: wrapped by the guard (`kit/guard.ts`); never throws. */
export interface GuardedContainer extends Container {
  readonly [guardedBrand]: true;
}
