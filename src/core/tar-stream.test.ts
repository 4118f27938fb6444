/**
 * TarStream: a tar read while its bytes arrive (the --extract pipeline) lists exactly what readTar
 * lists from the whole buffer, whatever the step, and never an entry whose bytes have not arrived.
 */
import { describe, expect, it } from 'vitest';
import { TarStream, isCut, readTar } from './tar';
import type { TarEntry } from './types';
import { TAR_ARCHIVES as archives, loadTar } from '../../test/kit/tar-fixtures';

/** Read `bytes` arriving `step` bytes at a time; checks each listed entry had all its bytes then. */
function inSteps(bytes: Uint8Array, step: number): ReturnType<typeof readTar> {
  const s = new TarStream(bytes);
  let early = 0; // entries listed before their bytes had all arrived
  let done: ReturnType<typeof readTar> | null = null;
  for (let avail = step, seen = 0; avail < bytes.length && !done; avail += step) {
    done = s.read(avail, false);
    for (; seen < s.entries.length; seen++) {
      const e = s.entries[seen]!;
      if (e.headerOffset + 512 + (e.type === 'file' ? e.size : 0) > avail) early++;
    }
  }
  expect(early).toBe(0);
  return done ?? s.read(bytes.length, true)!;
}

describe('TarStream equals readTar, read in steps', () => {
  for (const name of archives) {
    it(name, () => {
      const bytes = loadTar(name);
      const whole = readTar(bytes);
      // 1 byte: pax records and GNU long names arrive split from the header they describe.
      for (const step of [1, 100, 511, 512, 513, 4096, 65536]) expect(inSteps(bytes, step)).toEqual(whole);
    });
  }

  it('a cut stream ends where its bytes end (final read of a prefix)', () => {
    const bytes = loadTar('kheaders-small.tar');
    const cut = 40 * 512 + 100;
    const s = new TarStream(bytes);
    expect(s.read(cut, false)).toBeNull();
    const seen = s.entries.length;
    const end = s.read(cut, true)!;
    expect(end).toEqual(readTar(bytes.slice(0, cut)));
    // The cut lands in a file's data: that file is listed too (as tar -t lists it), cut short.
    expect(end.entries.length).toBe(seen + 1);
    expect(isCut(end.entries[seen]!, bytes.slice(0, cut))).toBe(true);
    expect(end.errors.some((e) => e.severity === 'error')).toBe(true);
  });
});

/** Read `bytes` through a buffer of `size` that keeps only what is not read yet (rebase). */
function throughWindow(bytes: Uint8Array, size: number, step: number) {
  let buf = new Uint8Array(size);
  let len = 0;
  let fed = 0;
  const s = new TarStream(buf);
  const got: { entry: TarEntry; data: string }[] = [];
  for (let done: ReturnType<typeof readTar> | null = null; ;) {
    if (len === buf.length) {
      const drop = Math.min(s.need, len);
      buf.copyWithin(0, drop, len);
      len -= drop;
      if (len === buf.length) buf = Uint8Array.from([...buf, ...new Uint8Array(buf.length)]);
      s.rebase(buf, drop);
    }
    const n = Math.min(step, bytes.length - fed, buf.length - len);
    buf.set(bytes.subarray(fed, fed + n), len);
    fed += n;
    len += n;
    done ??= s.read(len, fed === bytes.length);
    for (let i = got.length; i < s.entries.length; i++) {
      const e = s.entries[i]!;
      got.push({
        entry: e,
        // Only the bytes in the buffer (a file the end cuts short has fewer than its size).
        data: Buffer.from(buf.subarray(e.dataOffset, Math.min(len, e.dataOffset + e.size))).toString('hex'),
      });
    }
    if (fed === bytes.length) return { got, errors: done!.errors };
  }
}

describe('TarStream through a moving buffer (rebase) equals readTar', () => {
  for (const name of archives) {
    it(name, () => {
      const bytes = loadTar(name);
      const whole = readTar(bytes);
      const want = whole.entries.map((e) => ({
        path: e.path,
        data:
          e.type === 'file'
            ? Buffer.from(bytes.subarray(e.dataOffset, e.dataOffset + e.size)).toString('hex')
            : '',
      }));
      for (const [size, step] of [
        [512, 100],
        [1536, 700],
        [4096, 4096],
      ] as const) {
        const r = throughWindow(bytes, size, step);
        expect(
          r.got.map((g) => ({ path: g.entry.path, data: g.entry.type === 'file' ? g.data : '' })),
        ).toEqual(want);
        expect(r.errors).toEqual(whole.errors); // offsets from the start of the tar
      }
    });
  }
});
