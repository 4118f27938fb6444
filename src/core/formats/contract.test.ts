/**
 * The format contract, checked for EVERY registered codec through the registry (so through the
 * guard), with the sample its folder holds (`<folder>/sample.json` + `sample.bin`, made by
 * scripts/fixtures/format-samples.mjs from one seeded plain text). A codec added to the registry is
 * covered here without touching this file; one without a sample fails the first check.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Budget } from '../budget';
import type { DecodeResult, GuardedCodec } from './contract';
import { codecs } from './index';

interface Sample {
  codec: string;
  command: string;
  sizeTrailer: boolean;
  /** The stream has no end marker, so a cut at a block boundary looks like a shorter stream. */
  noEndMarker?: boolean;
  size: number;
  sha256: string;
  consumed: number;
  bytes: Uint8Array;
  folder: string;
}

const here = fileURLToPath(new URL('.', import.meta.url));
const samples = new Map<string, Sample>();
for (const folder of readdirSync(here)) {
  const recipe = join(here, folder, 'sample.json');
  if (!existsSync(recipe)) continue;
  const s = JSON.parse(readFileSync(recipe, 'utf8')) as Omit<Sample, 'bytes' | 'folder'>;
  samples.set(s.codec, {
    ...s,
    folder,
    bytes: new Uint8Array(readFileSync(join(here, folder, 'sample.bin'))),
  });
}

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const isPrefix = (part: Uint8Array, whole: Uint8Array): boolean =>
  part.length <= whole.length &&
  Buffer.from(part).equals(Buffer.from(whole.buffer, whole.byteOffset, part.length));
const ALL = { maxOutput: 1 << 30 };

/** Cut points: every tiny input (0..7 bytes), 24 spread over the stream, and its last byte. */
function cuts(consumed: number): number[] {
  const spread = Array.from({ length: 24 }, (_, k) => 8 + Math.floor(((consumed - 9) * k) / 23));
  return [...new Set([0, 1, 2, 3, 4, 5, 6, 7, ...spread, consumed - 1])].filter((n) => n < consumed);
}

/** What every result must satisfy, complete or not. */
function wellFormed(r: DecodeResult, inputLength: number): void {
  expect(r.output).toBeInstanceOf(Uint8Array);
  if (r.consumed !== null) {
    expect(Number.isInteger(r.consumed)).toBe(true);
    expect(r.consumed).toBeGreaterThanOrEqual(0);
    expect(r.consumed).toBeLessThanOrEqual(inputLength);
  }
  if (r.error) {
    expect(typeof r.error.message).toBe('string');
    expect(typeof r.error.offset).toBe('number');
    expect(r.error.offset).toBeGreaterThanOrEqual(0);
    expect(r.error.offset).toBeLessThanOrEqual(inputLength);
  }
}

describe.each(codecs.map((c) => [c.name, c] as const))(
  'format contract: %s',
  (_name, codec: GuardedCodec) => {
    const sample = samples.get(codec.id);
    let whole: Uint8Array;

    it('has a sample in its folder (sample.json + sample.bin)', () => {
      expect(sample, `no src/core/formats/*/sample.json names codec '${codec.id}'`).toBeDefined();
    });
    if (!sample) return;
    const input = sample.bytes;

    beforeAll(async () => {
      whole = (await codec.decode(input, ALL)).output;
    });

    it('probes and decodes its sample exactly: the plain data, the exact stream length, no error', async () => {
      expect(codec.probe(input)).not.toBeNull();
      const r = await codec.decode(input, ALL);
      wellFormed(r, input.length);
      expect(r.error).toBeUndefined();
      expect(r.output.length).toBe(sample.size);
      expect(sha(r.output)).toBe(sample.sha256);
      if (r.consumed !== null) expect(r.consumed).toBe(sample.consumed);
    });

    it('truncation, down to 0..7-byte inputs: a typed error with an offset, and what was read is a true prefix', async () => {
      for (const n of cuts(sample.consumed)) {
        const r = await codec.decode(input.subarray(0, n), ALL);
        wellFormed(r, n);
        expect(isPrefix(r.output, whole), `cut at ${n}`).toBe(true);
        // A format without an end marker (lz4 legacy: "noEndMarker" in its sample.json) cannot see a
        // cut at a block boundary: the result is then a shorter stream, maybe with trailing bytes.
        if (!r.error && sample.noEndMarker) expect(r.consumed, `cut at ${n}: no error`).not.toBeNull();
        else expect(r.error, `cut at ${n}`).toBeDefined();
        if (r.error) expect(['truncated', 'corrupt'], `cut at ${n}: ${r.error.code}`).toContain(r.error.code);
      }
    });

    it('the output cap, tiny caps too: too-large and at most the cap of true output; the exact size passes', async () => {
      for (const cap of [0, 1, 2, 3, 7, 4096, (sample.size >> 1) + 3, sample.size - 1]) {
        const r = await codec.decode(input, { maxOutput: cap });
        wellFormed(r, input.length);
        expect(r.error?.code, `cap ${cap}`).toBe('too-large');
        // At most the cap: a codec that keeps only verified blocks (bzip2) may stop short of it.
        expect(r.output.length, `cap ${cap}`).toBeLessThanOrEqual(cap);
        expect(isPrefix(r.output, whole)).toBe(true);
      }
      expect((await codec.decode(input, { maxOutput: sample.size })).error).toBeUndefined();
    });

    it('the budget: its output limit and deadline come back named, and the output is charged', async () => {
      const budget = new Budget({ maxOutput: 5000, maxTimeMs: Infinity });
      const r = await codec.decode(input, { ...ALL, budget });
      expect(r.error?.code).toBe('budget-output');
      expect(r.output.length).toBeLessThanOrEqual(5000);
      expect(budget.outputSpent).toBe(r.output.length);
      expect(budget.exceeded).toBe('budget-output');
      budget.dispose();
      const late = new Budget({ maxOutput: 1 << 30, maxTimeMs: 0 });
      await new Promise((r) => setTimeout(r, 5));
      expect((await codec.decode(input, { ...ALL, budget: late })).error?.code).toBe('budget-time');
      late.dispose();
    });

    it('abort: before the start gives cancelled and nothing; mid-stream gives cancelled and a true prefix', async () => {
      const pre = new AbortController();
      pre.abort();
      const r0 = await codec.decode(input, { ...ALL, signal: pre.signal });
      expect(r0.error?.code).toBe('cancelled');
      expect(r0.output.length).toBe(0);

      const mid = new AbortController();
      let firedAt = -1;
      const r = await codec.decode(input, {
        ...ALL,
        signal: mid.signal,
        onProgress: (_i, o) => {
          if (firedAt < 0 && o < sample.size) {
            firedAt = o;
            mid.abort();
          }
        },
      });
      wellFormed(r, input.length);
      expect(isPrefix(r.output, whole)).toBe(true);
      // A codec that reported progress before the end must have stopped there.
      if (firedAt >= 0) expect(r.error?.code).toBe('cancelled');
      else expect(r.error).toBeUndefined();
      // And it still decodes afterwards (no instance left in a bad state).
      expect(sha((await codec.decode(input, ALL)).output)).toBe(sample.sha256);
    });
  },
);
