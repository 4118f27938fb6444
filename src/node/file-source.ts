/** Node-only Source over a file path (used by the CLI and benchmarks; never bundled into the app). */
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Source } from '../core/source';

export async function fileSource(path: string): Promise<Source> {
  const st = await stat(path);
  if (!st.isFile()) throw new Error(`${path} is not a regular file`);
  return {
    name: basename(path),
    size: st.size,
    async read(start, end) {
      const fh = await open(path, 'r');
      try {
        const len = Math.max(0, Math.min(end, st.size) - start);
        const buf = new Uint8Array(len);
        const { bytesRead } = await fh.read(buf, 0, len, start);
        return buf.subarray(0, bytesRead);
      } finally {
        await fh.close();
      }
    },
  };
}
