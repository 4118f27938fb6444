/** Test helpers: a cursor over some bytes, as inspect() makes one for the input file. */
import { readFileSync } from 'node:fs';
import { Budget } from '../../src/core/budget';
import type { InspectOptions } from '../../src/core/types';
export { flattenLayers as flatten } from './layers';
import { type Cursor, fileCursor } from '../../src/core/opener/cursor';
import { explore } from '../../src/core/opener/explore';
import { newLayer, newRun } from '../../src/core/opener/run';

export const load = (path: string): Uint8Array => new Uint8Array(readFileSync(path));

/** A cursor over `bytes` as the input file (depth 0, file offset 0); dispose() ends its budget. */
export function cursorOver(bytes: Uint8Array, opts: InspectOptions = {}): Cursor & { dispose(): void } {
  const budget = new Budget({ maxOutput: opts.maxOutput ?? 1 << 30, maxTimeMs: 60_000 }, opts.signal);
  const run = newRun(budget, opts);
  const root = newLayer(run, { format: 'file', label: 'input', offset: 0, foundBy: 'whole-file' });
  return { ...fileCursor(bytes, root, run, explore), dispose: () => budget.dispose() };
}

/** `bytes` placed at `at` inside `size` bytes of 0x55 filler. */
export function embed(bytes: Uint8Array, at: number, size = at + bytes.length + 64): Uint8Array {
  const out = new Uint8Array(size).fill(0x55);
  out.set(bytes, at);
  return out;
}
