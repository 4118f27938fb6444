/**
 * Where a layer's bytes live, for the hex peek. The worker keeps only the input (as a Source) and
 * the decompressed tar, so a peek can be answered for layers that lie in the input file's own bytes
 * (the core gives their absolute `fileOffset`) and for the tar layer. Decoded payloads in between
 * (e.g. a vmlinux) are released once their inner layers are found, so those answer null.
 */
import type { InspectResult, Layer } from '../core/types';

export interface LayerSpace {
  space: 'input' | 'tar';
  /** Absolute offset, in that space, of the layer's start. */
  at: number;
}

export function findLayer(root: Layer, id: number): Layer | null {
  if (root.id === id) return root;
  for (const c of root.children) {
    const hit = findLayer(c, id);
    if (hit) return hit;
  }
  return null;
}

export function locateLayer(result: InspectResult, id: number): LayerSpace | null {
  const layer = findLayer(result.layers, id);
  if (!layer) return null;
  if (layer.fileOffset !== undefined) return { space: 'input', at: layer.fileOffset };
  if (result.headers && result.headers.layerId === id) return { space: 'tar', at: 0 };
  return null;
}
