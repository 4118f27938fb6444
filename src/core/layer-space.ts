/**
 * Where a layer's bytes live, for the hex peek. A layer's `offset` is relative to the bytes its parent
 * exposes: a container or marker exposes its own bytes, a codec its decoded output (see Layer in
 * core/types.ts). So walking from the root to a layer gives the chain of codec layers whose decoded
 * output holds it — empty when it lies in the input file's own bytes — and its offset in the innermost.
 */
import { layerPath } from './layer-path';
import type { Layer } from './types';

export interface LayerPlace {
  /** Codec layers from the outside in; the last one's decoded output holds the layer. Empty: the input file. */
  chain: Layer[];
  /** Where chain[i]'s compressed stream starts in the bytes around it (the input file for chain[0]). */
  starts: number[];
  /** Offset of the layer's first byte in the innermost bytes. */
  at: number;
}

/** A codec layer: its children sit in its decoded output, not in its own bytes. */
export const isDecoded = (l: Layer): boolean => l.outputSize !== undefined;

export function placeLayer(root: Layer, id: number): LayerPlace | null {
  const path = layerPath(root, id);
  if (!path) return null;
  const chain: Layer[] = [];
  const starts: number[] = [];
  let base = root.offset; // where the current layer's exposed bytes begin in the current space
  for (let i = 1; i < path.length; i++) {
    const l = path[i]!;
    const start = base + l.offset;
    if (i === path.length - 1) return { chain, starts, at: start };
    if (isDecoded(l)) {
      chain.push(l);
      starts.push(start);
      base = 0;
    } else {
      base = start;
    }
  }
  return { chain, starts, at: 0 }; // the root itself
}
