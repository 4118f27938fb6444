/** The committed tar fixtures that the incremental tar readers are checked against readTar on. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const TAR_DIR = join(__dirname, '../fixtures/tar');

/** Every dialect and every kind of damage the tar fixtures hold. */
export const TAR_ARCHIVES = [
  'edge-gnu.tar',
  'edge-pax.tar',
  'edge-ustar.tar',
  'edge-v7.tar',
  'gnu-base256.tar',
  'gnu-negative-mtime.tar',
  'kheaders-small.tar',
  'kheaders-small.corrupt.tar',
  'kheaders-small.no-eof.tar',
  'kheaders-small.truncated-body.tar',
  'kheaders-small.truncated-header.tar',
];

export const loadTar = (name: string): Uint8Array => new Uint8Array(readFileSync(join(TAR_DIR, name)));
