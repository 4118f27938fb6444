/**
 * Shared by the codec tests (gzip, zstd, lz4-legacy, bzip2): the fixtures that
 * scripts/fixtures/codecs.mjs writes to test/fixtures/codecs/, with their expected results.
 * Test-only (node:fs, node:crypto); the core itself never imports this file.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const dir = 'test/fixtures/codecs/';

export interface Expect {
  sha256?: string;
  outputSize?: number;
  consumed: number | null;
  trailer: boolean;
  parts?: number;
  error?: string;
  from?: string;
}

export const fx = (name: string): Uint8Array => new Uint8Array(readFileSync(dir + name));
export const expected = JSON.parse(readFileSync(dir + 'expected.json', 'utf8')) as Record<string, Expect>;
export const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
export const opts = { maxOutput: 1 << 30 };
export const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));
