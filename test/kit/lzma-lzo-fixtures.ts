/**
 * Shared by the lzma and lzop tests: the fixtures scripts/fixtures/lzma-lzo.mjs writes to
 * test/fixtures/lzma-lzo/, their expected results, and helpers for prefix and damage tests.
 * Test-only (node:*); the core itself never imports this file.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Codec } from '../../src/core/formats/contract';

const dir = fileURLToPath(new URL('../fixtures/lzma-lzo/', import.meta.url));

export interface Expect {
  codec: string;
  size: number;
  sha256: string;
  consumed?: number;
  trailer?: boolean;
  endMarker?: boolean;
  blocks?: number;
  damaged?: string;
}

export const expected = JSON.parse(fs.readFileSync(dir + 'expected.json', 'utf8')) as Record<string, Expect>;
export const read = (name: string): Uint8Array => new Uint8Array(fs.readFileSync(dir + name));
export const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
export const opts = { maxOutput: 1 << 30 };
export const TRAILER_NOTE = /kbuild size trailer matches/;

/** The undamaged fixtures of one codec. */
export const validOf = (codec: string): [string, Expect][] =>
  Object.entries(expected).filter(([, e]) => e.codec === codec && !e.damaged);

/** Decode a fixture fully and check it against its recorded hash: the reference for prefix tests. */
export async function truth(codec: Codec, name: string): Promise<Uint8Array> {
  const r = await codec.decode(read(name), opts);
  expect(sha(r.output)).toBe(expected[name]!.sha256);
  return r.output;
}

export function isPrefix(part: Uint8Array, whole: Uint8Array): boolean {
  if (part.length > whole.length) return false;
  return Buffer.from(part.buffer, part.byteOffset, part.length).equals(
    Buffer.from(whole.buffer, whole.byteOffset, part.length),
  );
}

export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}
