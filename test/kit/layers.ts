/** Test helper: every layer of a layer report, depth first (the root first). */
import type { Layer } from '../../src/core/types';

export function flattenLayers(l: Layer, out: Layer[] = []): Layer[] {
  out.push(l);
  l.children.forEach((c) => flattenLayers(c, out));
  return out;
}
