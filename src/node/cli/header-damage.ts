/**
 * The errors that make the chosen header archive incomplete: those on its tar layer and on every
 * layer it was decoded from (a cut bzImage payload, an xz stream that ends early). Errors elsewhere
 * (a config copy, a trial decode that was rejected) leave the headers whole. Warnings never count.
 */
import type { KhiError } from '../../core/errors';
import { layerPath } from '../../core/layer-path';
import type { InspectResult } from '../../core/types';

export function headerDamage(result: InspectResult): KhiError[] {
  const id = result.headers?.layerId;
  if (id === undefined) return [];
  const chain = layerPath(result.layers, id) ?? [];
  return chain.flatMap((l) => l.errors.filter((e) => e.severity === 'error'));
}

/** "FILE: layer › trail: message", one line per error, for stderr. */
export function damageLines(file: string, errors: readonly KhiError[]): string[] {
  return errors.map((e) => `${file}: ${e.layer ? `${e.layer}: ` : ''}${e.message}`);
}
