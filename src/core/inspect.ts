/**
 * The one entry point of the core: inspect(source) → layers, header tree entries, config, errors.
 * Runs the same in a Web Worker, in Node tests, in the CLI and in benchmarks.
 */
import type { InspectOptions, InspectResult } from './types';
import type { Source } from './source';

export interface Inspection {
  result: InspectResult;
  /** The decompressed tar bytes (kept so files can be read and folders exported); null if none. */
  tar: Uint8Array | null;
  /** Bytes of one regular file by path (no leading "./"); follows symlinks; null when missing. */
  read(path: string): Uint8Array | null;
}

export async function inspect(_source: Source, _opts: InspectOptions = {}): Promise<Inspection> {
  throw new Error('not implemented yet');
}
