/** Walking the layer tree (core/types.ts Layer) by id. */
import type { Layer } from './types';

/** The layers from the root down to `id`, both included; null when there is no such layer. */
export function layerPath(root: Layer, id: number): Layer[] | null {
  if (root.id === id) return [root];
  for (const c of root.children) {
    const tail = layerPath(c, id);
    if (tail) return [root, ...tail];
  }
  return null;
}
