/**
 * The errors that make the chosen header archive incomplete: those on its tar layer and on every
 * layer it was decoded from (a cut bzImage payload, an xz stream that ends early). Errors elsewhere
 * (a config copy, a trial decode that was rejected) leave the headers whole. Warnings never count.
 */
import type { KhiError } from '../../core/errors';
import type { InspectResult, Layer } from '../../core/types';

export function headerDamage(result: InspectResult): KhiError[] {
  const id = result.headers?.layerId;
  if (id === undefined) return [];
  const chain = chainTo(result.layers, id) ?? [];
  return chain.flatMap((l) => l.errors.filter((e) => e.severity === 'error'));
}

/** The layers from the root down to the layer `id` (depth-first, without recursion), or null. */
function chainTo(root: Layer, id: number): Layer[] | null {
  const stack: Layer[][] = [[root]];
  for (let path = stack.pop(); path; path = stack.pop()) {
    const last = path[path.length - 1]!;
    if (last.id === id) return path;
    for (const c of last.children) stack.push([...path, c]);
  }
  return null;
}

/** "FILE: layer › trail: message", one line per error, for stderr. */
export function damageLines(file: string, errors: readonly KhiError[]): string[] {
  return errors.map((e) => `${file}: ${e.layer ? `${e.layer}: ` : ''}${e.message}`);
}
