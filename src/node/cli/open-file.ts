/** Reading one FILE for a mode: the bytes once, the full inspection on first use. */
import type { Inspection } from '../../core/inspect';
import type { InspectOptions } from '../../core/types';
import type { OpenedFile } from './mode';
import { readInput } from './read-input';

/** The core is loaded on first use (a separate chunk in the built CLI). */
async function inspectBytes(bytes: Uint8Array, name: string, opts: InspectOptions) {
  const [{ inspect }, { bytesSource }] = await Promise.all([
    import('../../core/inspect'),
    import('../../core/source'),
  ]);
  return inspect(bytesSource(bytes, name), opts);
}

export async function openFile(
  path: string,
  opts: Pick<InspectOptions, 'maxOutput' | 'until' | 'keepOutputs'> = {},
): Promise<OpenedFile> {
  // Sync: the CLI reads one FILE at a time and has nothing to do meanwhile (and fs/promises is not
  // loaded at start).
  const { bytes, name } = readInput(path);
  let done: Promise<Inspection> | undefined;
  return {
    path,
    bytes,
    inspection: () => (done ??= inspectBytes(bytes, name, opts)),
  };
}
