/** Reading one FILE for a mode: the bytes once, the full inspection on first use. */
import { basename } from 'node:path';
import type { Inspection } from '../../core/inspect';
import type { InspectOptions } from '../../core/types';
import type { OpenedFile } from './mode';
import { fs } from './node-fs';

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
  maxOutput: number | undefined,
  until?: InspectOptions['until'],
): Promise<OpenedFile> {
  // Sync: the CLI reads one FILE at a time and has nothing to do meanwhile (and fs/promises is not
  // loaded at start).
  const st = fs.statSync(path);
  if (!st.isFile()) throw new Error(`${path} is not a regular file`);
  const buf = fs.readFileSync(path);
  // A view, not a copy: copying touches every page of the file once more.
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  let done: Promise<Inspection> | undefined;
  return {
    path,
    bytes,
    inspection: () => (done ??= inspectBytes(bytes, basename(path), { maxOutput, until })),
  };
}
