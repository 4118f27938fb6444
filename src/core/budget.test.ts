import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Budget, defaultMaxOutput } from './budget';
import { inspect } from './inspect';
import { bytesSource } from './source';
import type { InspectOptions } from './types';
import { flattenLayers as flatten } from '../../test/kit/layers';

const bombs = 'test/fixtures/bombs';
const e2e = 'test/fixtures/e2e';
const load = (path: string): Uint8Array => new Uint8Array(readFileSync(path));
const open = (bytes: Uint8Array, name: string, opts: InspectOptions = {}) =>
  inspect(bytesSource(bytes, name), opts);
const MiB = 1 << 20;

describe('one output budget per open', () => {
  it('a many-frame zstd bomb decodes no more than the budget and says which budget ran out', async () => {
    const { result } = await open(load(`${bombs}/frames.zst`), 'frames.zst', { maxOutput: 32 * MiB });
    expect(result.scanned.decodedBytes).toBeLessThanOrEqual(32 * MiB);
    expect(result.errors.map((e) => e.code)).toContain('budget-output');
    expect(result.headers).toBeNull();
  });

  it('charges the trial decodes of hits that are later rejected', async () => {
    // One junk byte first: every frame is a scan hit that must prove itself, and each one is rejected
    // (zeros are not recognisable). Before the one budget, each trial had its own 256 MiB.
    const bomb = load(`${bombs}/frames.zst`);
    const shifted = new Uint8Array(bomb.length + 1);
    shifted.set(bomb, 1);
    const { result } = await open(shifted, 'shifted.zst', { maxOutput: 48 * MiB });
    expect(result.scanned.decodedBytes).toBeLessThanOrEqual(48 * MiB);
    expect(result.scanned.rejectedHits).toBeGreaterThan(0);
    expect(result.errors.map((e) => e.code)).toContain('budget-output');
    const notes = flatten(result.layers).flatMap((l) => l.notes);
    expect(notes.some((n) => /not tried: the output budget is spent/.test(n))).toBe(true);
  });

  it('a nested bomb (gzip in gzip in xz) stays inside the budget', async () => {
    const { result } = await open(load(`${bombs}/nested.gz.gz.xz`), 'nested.gz.gz.xz', {
      maxOutput: 16 * MiB,
    });
    expect(result.scanned.decodedBytes).toBeLessThanOrEqual(16 * MiB);
    expect(result.headers).toBeNull();
    expect(result.config).toBeNull();
  });

  it('keeps what was read before the budget ran out', async () => {
    // The stand-in vmlinux fits, its IKCFG config fits, the IKHD tar (358 KB) only in part.
    const manifest = JSON.parse(readFileSync(`${e2e}/manifest.json`, 'utf8'));
    const f = manifest.files['bzImage-fixture.bin'];
    const { result } = await open(load(`${e2e}/bzImage-fixture.bin`), 'bzImage-fixture.bin', {
      maxOutput: f.vmlinuxSize + 64 * 1024,
    });
    expect(result.config?.source).toBe('ikconfig');
    expect(result.headers!.files).toBeGreaterThan(0);
    expect(result.headers!.files).toBeLessThan(manifest.headers.files);
    const budgetErrors = result.errors.filter((e) => e.code === 'budget-output');
    expect(budgetErrors.length).toBe(1);
    expect(budgetErrors[0]!.message).toMatch(/output budget/);
  });

  it('the default budget grows with the input: 256 MiB at least, 64× the input, 2 GiB at most', () => {
    expect(defaultMaxOutput(1000)).toBe(256 * MiB);
    expect(defaultMaxOutput(10 * MiB)).toBe(640 * MiB);
    expect(defaultMaxOutput(1 << 30)).toBe(2048 * MiB);
  });
});

describe('a time budget per open', () => {
  it('stops with a typed error naming the time budget', async () => {
    const { result } = await open(load(`${bombs}/frames.zst`), 'frames.zst', { maxTimeMs: 0 });
    const err = result.errors.find((e) => e.code === 'budget-time');
    expect(err?.message).toMatch(/time budget/);
    expect(result.scanned.decodedBytes).toBe(0);
  });

  it('fires the codecs’ signal at the deadline but tells it apart from a user cancel', async () => {
    const user = new AbortController();
    const b = new Budget({ maxOutput: 1, maxTimeMs: 5 }, user.signal);
    await new Promise((r) => setTimeout(r, 20));
    expect(b.signal.aborted).toBe(true);
    expect(b.timedOut()).toBe(true);
    expect(b.spentOut()).toBe(true);
    expect(b.exceeded).toBe('budget-time');
    b.dispose();
    const c = new Budget({ maxOutput: 1, maxTimeMs: 60_000 }, user.signal);
    user.abort();
    expect(c.signal.aborted).toBe(true);
    expect(c.timedOut()).toBe(false);
    c.dispose();
  });
});

describe('found means something was found', () => {
  it('a tar.xz bomb holding no file is not "headers found"', async () => {
    const { result } = await open(load(`${bombs}/empty.tar.xz`), 'empty.tar.xz');
    expect(flatten(result.layers).some((l) => l.format === 'tar')).toBe(true);
    expect(result.headers).toBeNull();
    expect(result.entries).toEqual([]);
    expect(result.errors.map((e) => e.code)).toContain('not-found');
  });

  it('a config that sets no option is not "config found"', async () => {
    const text = '#\n# Automatically generated file; DO NOT EDIT.\n# CONFIG_FOO is not set\n';
    const { result } = await open(new TextEncoder().encode(text), 'config');
    expect(result.config).toBeNull();
    expect(result.errors.map((e) => e.code)).toContain('not-found');
  });
});
