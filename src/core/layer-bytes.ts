/**
 * Bytes for the hex peek anywhere in the layer tree, including inside decoded layers (e.g. the IKCFG
 * blob inside the vmlinux a bzImage decompresses to). The inspection keeps only the input and the
 * tar; any other decoded output is decoded again on demand from the input (outer layers first) and
 * kept in a small least-recently-used cache that never holds more than `budget` bytes. An output
 * larger than the budget is not decoded: that peek answers null.
 */
import { codecById, type CodecId } from './formats';
import type { Source } from './source';
import type { Layer } from './types';
import type { Inspection } from './inspect';
import { layerPath } from './layer-path';
import { isDecoded, placeLayer } from './layer-space';

export const DEFAULT_PEEK_BUDGET = 192 * 1024 * 1024;

/** What the inspection keeps anyway: the tar, as the decoded output of the codec layer above it. */
export function keptOutputs(ins: Pick<Inspection, 'result' | 'tar'>): Map<number, Uint8Array> {
  const kept = new Map<number, Uint8Array>();
  const id = ins.result.headers?.layerId;
  const parent = id === undefined ? undefined : layerPath(ins.result.layers, id)?.at(-2);
  if (parent && isDecoded(parent) && ins.tar) kept.set(parent.id, ins.tar);
  return kept;
}

export interface PeekWindow {
  bytes: Uint8Array;
  /** Offset of bytes[0] in the space (input file or decoded output). */
  start: number;
  /** Offset of the layer's first byte in that space. */
  at: number;
  /** The codec layer whose decoded output these bytes are; null: the input file. */
  decodedFrom: Layer | null;
}

export class LayerBytes {
  /** Decoded outputs by codec layer id, least recently used first. */
  private cache = new Map<number, Uint8Array>();
  private cached = 0;

  /** `held`: outputs the inspection keeps anyway (the tar), by the id of the codec layer that made them. */
  constructor(
    private readonly root: Layer,
    private readonly input: Source,
    private readonly held: ReadonlyMap<number, Uint8Array>,
    private readonly budget = DEFAULT_PEEK_BUDGET,
  ) {}

  /** `before` bytes before the layer's start and `after` from it, in the bytes that hold it. */
  async window(layerId: number, before: number, after: number): Promise<PeekWindow | null> {
    const place = placeLayer(this.root, layerId);
    if (!place) return null;
    const start = Math.max(0, place.at - before);
    const end = place.at + after;
    const inner = place.chain.at(-1) ?? null;
    if (!inner) {
      const bytes = (await this.input.read(start, Math.min(this.input.size, end))).slice();
      return { bytes, start, at: place.at, decodedFrom: null };
    }
    const out = await this.output(place.chain, place.starts, place.chain.length - 1);
    if (!out) return null;
    return { bytes: out.slice(start, Math.min(out.length, end)), start, at: place.at, decodedFrom: inner };
  }

  /**
   * A layer's whole bytes to save: its own (a compressed stream as stored, a tar, a config, an ELF
   * file), or with `decoded` a codec layer's decoded output (the vmlinux a bzImage holds). A copy,
   * never the kept tar or a cached output (the worker transfers it), unless `view` (the CLI writes
   * it out: a 65 MB vmlinux copied is ~16,000 fresh pages); null when not to be had (no such layer,
   * a layer that is the input file itself, `decoded` of a layer that is not a codec, an output over
   * the budget).
   */
  async whole(layerId: number, decoded: boolean, view = false): Promise<Uint8Array | null> {
    const place = placeLayer(this.root, layerId);
    const layer = layerPath(this.root, layerId)?.at(-1);
    if (!place || !layer || layer === this.root) return null;
    if (!decoded) {
      const w = await this.window(layerId, 0, layer.length ?? Number.MAX_SAFE_INTEGER);
      return w && w.bytes;
    }
    if (!isDecoded(layer)) return null;
    const out = await this.output([...place.chain, layer], [...place.starts, place.at], place.chain.length);
    return out && (view ? out : out.slice());
  }

  /** The decoded output of chain[k]. */
  private async output(chain: Layer[], starts: number[], k: number): Promise<Uint8Array | null> {
    const layer = chain[k]!;
    const kept = this.held.get(layer.id) ?? this.fromCache(layer.id);
    if (kept) return kept;
    const size = layer.outputSize ?? 0;
    const codec = codecById(layer.format as CodecId);
    if (!codec || size > this.budget) return null;
    const from = starts[k]!;
    let stream: Uint8Array;
    if (k === 0) {
      const end = layer.length === null ? this.input.size : from + layer.length;
      stream = await this.input.read(from, Math.min(this.input.size, end));
    } else {
      const outer = await this.output(chain, starts, k - 1);
      if (!outer) return null;
      stream = outer.subarray(from, layer.length === null ? outer.length : from + layer.length);
    }
    const res = await codec.decode(stream, { maxOutput: Math.max(size, 1) });
    this.remember(layer.id, res.output);
    return res.output;
  }

  private fromCache(id: number): Uint8Array | undefined {
    const hit = this.cache.get(id);
    if (hit) {
      this.cache.delete(id);
      this.cache.set(id, hit);
    }
    return hit;
  }

  private remember(id: number, bytes: Uint8Array): void {
    if (bytes.length > this.budget) return;
    for (const [oldId, old] of this.cache) {
      if (this.cached + bytes.length <= this.budget) break;
      this.cache.delete(oldId);
      this.cached -= old.length;
    }
    this.cache.set(id, bytes);
    this.cached += bytes.length;
  }

  /** Bytes the cache holds now (for tests and the budget). */
  get cachedBytes(): number {
    return this.cached;
  }
}
