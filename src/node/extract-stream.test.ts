/**
 * --extract's streaming path (extract-stream.ts): a worker decodes the xz while this thread writes.
 * The tree equals `tar -xpf` of the decompressed archive at any decoder step; hostile names are
 * left out when they arrive late; damage writes what came before it and says why; a cancel or a
 * failing worker stops cleanly; anything that is not an xz tar is left to the general path.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { inspect } from '../core/inspect';
import { bytesSource } from '../core/source';
import { extractTree } from './extract';
import { extractXzTar } from './extract-stream';
import { escapes, gnuTar, snapshot } from '../../test/kit/tree-check';
import { startXzWorker } from './xz-shared-decode';

const box = mkdtempSync(join(tmpdir(), 'khi-xstream-'));
afterAll(() => execFileSync('rm', ['-rf', box]));
let n = 0;
const fresh = (): string => join(box, `t${n++}`);
const load = (path: string): Uint8Array => new Uint8Array(readFileSync(path));
const e2e = 'test/fixtures/e2e';
const xzc = (path: string, ...args: string[]): Uint8Array =>
  new Uint8Array(execFileSync('xz', ['-c', ...args, path]));
/** GNU tar's tree of what `xz -dc` gives (the whole archive). */
const reference = (xz: Uint8Array): string => gnuTar(execFileSync('xz', ['-dc'], { input: xz }), fresh());

describe('the streamed tree equals tar -xpf of the decompressed archive', () => {
  const cases: [string, () => Uint8Array][] = [
    ['kheaders.tar.xz', () => load(`${e2e}/kheaders.tar.xz`)],
    ['kheaders-multiblock.tar.xz (6 blocks)', () => load(`${e2e}/kheaders-multiblock.tar.xz`)],
    ['edge-gnu.tar (long names)', () => xzc('test/fixtures/tar/edge-gnu.tar')],
    ['edge-pax.tar (pax records)', () => xzc('test/fixtures/tar/edge-pax.tar')],
    ['gnu-base256.tar', () => xzc('test/fixtures/tar/gnu-base256.tar')],
  ];
  for (const [name, get] of cases) {
    // Tiny steps, ring and read buffer: headers, pax records and file data split and wrap around.
    it.each([
      ['default sizes', {}],
      ['step 1000', { step: 1000 }],
      ['step 37, ring 1000, buffer 512', { step: 37, ring: 1000, stage: 512 }],
    ])(`${name}, %s`, async (_, sizes) => {
      const xz = get();
      const out = fresh();
      const r = (await extractXzTar(xz, out, sizes))!;
      expect(r.errors).toEqual([]);
      expect(r.summary.skipped).toEqual([]);
      expect(snapshot(out)).toEqual(snapshot(reference(xz)));
    });
  }
});

describe('kernel modules and vmlinux: the xz their kernel_headers_data symbols mark', () => {
  it.each(['kheaders.ko', 'kheaders32.ko', 'kheaders-signed.ko', 'vmlinux'])('%s', async (name) => {
    const file = load(`test/fixtures/containers/${name}`);
    const i = await inspect(bytesSource(file, name), { until: 'tar' });
    const general = fresh();
    extractTree(i.result.entries, i.tar!, general);
    const out = fresh();
    const r = (await extractXzTar(file, out, { step: 1000 }))!;
    expect(r.errors).toEqual([]);
    expect(snapshot(out)).toEqual(snapshot(general));
  });

  it('a compressed kernel image is left to the general path', async () => {
    expect(await extractXzTar(load('test/fixtures/containers/bzImage-xz.bin'), fresh())).toBeNull();
  });
});

describe('hostile names arriving in later steps', () => {
  it('names.tar.xz: the same entries left out as extractTree, nothing outside DIR', async () => {
    const xz = load('test/fixtures/hostile/names.tar.xz');
    const i = await inspect(bytesSource(xz, 'names.tar.xz'));
    const whole = extractTree(i.result.entries, i.tar!, fresh());
    const root = fresh();
    const out = join(root, 'a/b/out');
    const seen: string[] = [];
    const r = (await extractXzTar(xz, out, {
      step: 50,
      ring: 300,
      stage: 1024,
      onEntry: (e) => seen.push(e.path),
    }))!;
    expect(seen.length).toBe(i.result.entries.length);
    expect(r.summary.skipped).toEqual(whole.skipped);
    expect(r.summary.skipped.length).toBeGreaterThan(0);
    expect(escapes(root, out)).toEqual({ outside: [], badLinks: [] });
  });
});

/** Every regular file written under `out` has the bytes it has in the reference tree. */
function allMatch(out: string, ref: string): number {
  const want = snapshot(ref);
  const got = Object.entries(snapshot(out)).filter(([, v]) => v.startsWith('file '));
  for (const [p, v] of got) expect(v, p).toBe(want[p]);
  return got.length;
}

describe('damage: what was decoded before it is written, then the errors', () => {
  const good = (): string => reference(load(`${e2e}/kheaders.tar.xz`));
  it.each([
    ['kheaders-bitflip.tar.xz', 'corrupt'],
    ['kheaders-truncated.tar.xz', 'truncated'],
    ['kheaders-multiblock-damaged.tar.xz', 'corrupt'],
  ])('%s', async (name, code) => {
    const out = fresh();
    const r = (await extractXzTar(load(`${e2e}/${name}`), out, { step: 4096 }))!;
    expect(r.errors.map((e) => e.code)).toContain(code);
    for (const e of r.errors) expect(e.offset).toBeTypeOf('number');
    const files = allMatch(out, good());
    expect(files).toBeGreaterThan(0);
    expect(files).toBeLessThan(133);
  });

  it('the output cap stops the decode and says so', async () => {
    const out = fresh();
    const r = (await extractXzTar(load(`${e2e}/kheaders.tar.xz`), out, { maxOutput: 100_000 }))!;
    expect(r.errors.map((e) => e.code)).toEqual(['too-large', 'truncated']);
    expect(allMatch(out, good())).toBeGreaterThan(0);
  });
});

describe('cancel and worker failure', () => {
  it('a cancel stops the worker; what was written stays, the rest is not written', async () => {
    const c = new AbortController();
    const out = fresh();
    let seen = 0;
    const onEntry = (): void => void (++seen === 5 && c.abort());
    const xz = load(`${e2e}/kheaders.tar.xz`);
    const r = (await extractXzTar(xz, out, { step: 512, signal: c.signal, onEntry }))!;
    expect(r.errors.map((e) => e.code)).toEqual(['cancelled']);
    // Nothing after the entry that cancelled, however far the decoder had run ahead (it often
    // has all 133 decoded before the first is written).
    expect(allMatch(out, reference(xz))).toBeLessThanOrEqual(5);
  });

  it('the time budget stops it as a cancel does, and says so (as the general path does)', async () => {
    const out = fresh();
    const xz = load(`${e2e}/kheaders.tar.xz`);
    let seen = 0;
    // The budget's deadline passes at the 5th entry, whenever that comes (a fake clock: worker start
    // times vary); the small ring keeps the decoder waiting for this thread, so it cannot be done.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const onEntry = (): void => void (++seen === 5 && vi.advanceTimersByTime(1000));
      const r = (await extractXzTar(xz, out, { step: 512, ring: 4096, maxTimeMs: 1000, onEntry }))!;
      expect(r.errors[0]).toMatchObject({ code: 'budget-time', severity: 'error' });
      expect(r.errors[0]!.message).toContain('time budget of 1 s');
      expect(r.errors.map((e) => e.code)).not.toContain('cancelled');
      expect(seen).toBe(5);
      expect(allMatch(out, reference(xz))).toBeLessThanOrEqual(5);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stopped before the first header: an empty result with the reason, not the general path', async () => {
    const out = fresh();
    const c = new AbortController();
    c.abort();
    const r = (await extractXzTar(load(`${e2e}/kheaders.tar.xz`), out, { signal: c.signal }))!;
    expect(r.errors.map((e) => e.code)).toEqual(['cancelled']);
    expect(r.summary).toEqual({ files: 0, dirs: 0, symlinks: 0, hardlinks: 0, skipped: [] });
    expect(() => readdirSync(out)).toThrow();
  });

  it('a worker that fails before any output: null (the general path takes over), nothing written', async () => {
    const out = fresh();
    const worker = startXzWorker(new URL('../../test/workers/xz-fails.mjs', import.meta.url));
    expect(await extractXzTar(load(`${e2e}/kheaders.tar.xz`), out, { worker })).toBeNull();
    expect(() => readdirSync(out)).toThrow();
  });

  it('a worker that fails half way: the first half is written, then the error', async () => {
    const out = fresh();
    const worker = startXzWorker(new URL('../../test/workers/xz-half-then-fails.mjs', import.meta.url));
    const xz = load('test/fixtures/tar/kheaders-small.tar.xz');
    const r = (await extractXzTar(xz, out, { worker }))!;
    expect(r.errors.map((e) => e.code)).toEqual(['internal', 'truncated']);
    expect(r.errors[0]!.message).toBe('xz decoding failed: boom');
    const files = allMatch(out, reference(xz));
    expect(files).toBeGreaterThan(0);
  });

  it('not an xz stream, or an xz stream that is not a tar: null', async () => {
    expect(await extractXzTar(load('test/fixtures/tar/kheaders-small.tar'), fresh())).toBeNull();
    expect(await extractXzTar(xzc('test/fixtures/e2e/random.bin'), fresh())).toBeNull();
  });
});
