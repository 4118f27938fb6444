/**
 * Either side may be any artifact kind: the same header archive found inside a bzImage, a boot.img
 * or a zboot EFI image compares with a plain kheaders.tar.xz through the same core, and configs
 * from IKCONFIG compare with those rebuilt from autoconf.h.
 */
import { describe, expect, it } from 'vitest';
import { changedEntries, compareResults, hashEntries, identical } from './compare';
import { compareFixtures, kindFixtures, openFixture } from '../../../test/kit/compare';

async function compareFiles(a: string, b: string) {
  const [A, B] = await Promise.all([openFixture(a), openFixture(b)]);
  const cmp = compareResults(
    { result: A.result, hashes: hashEntries(A.result.entries, A.tar) },
    { result: B.result, hashes: hashEntries(B.result.entries, B.tar) },
  );
  return { A, B, cmp };
}

describe('compare across artifact kinds', () => {
  it('kheaders.tar.xz against a bzImage carrying the same archive: same files, config from both sources', async () => {
    const { A, B, cmp } = await compareFiles(kindFixtures.tarXz, kindFixtures.bzImage);
    expect(A.result.config?.source).toBe('autoconf');
    expect(B.result.config?.source).not.toBe('autoconf');
    expect(cmp.totals.same).toBe(A.result.entries.filter((e) => e.type !== 'dir').length);
    expect(changedEntries(cmp.tree)).toEqual([]);
    // autoconf.h cannot say CONFIG_IKCONFIG (it is not in the headers' config); IKCONFIG does.
    expect(cmp.config!.changes).toEqual([{ name: 'CONFIG_IKCONFIG', kind: 'added', old: null, new: 'y' }]);
    expect(identical(cmp)).toBe(false);
  });

  it('a boot.img against a zboot EFI image holding the same archive and config: identical', async () => {
    const { cmp } = await compareFiles(kindFixtures.bootImg, kindFixtures.zboot);
    expect(cmp.totals.same).toBeGreaterThan(0);
    expect(identical(cmp)).toBe(true);
  });

  it('a boot.img against another kernel’s kheaders.tar.xz: every difference, both ways round', async () => {
    const there = await compareFiles(kindFixtures.bootImg, compareFixtures.b);
    const back = await compareFiles(compareFixtures.b, kindFixtures.bootImg);
    const t = there.cmp.totals;
    expect(t.added + t.removed + t.changed).toBeGreaterThan(0);
    expect(back.cmp.totals).toMatchObject({ added: t.removed, removed: t.added, changed: t.changed });
    expect([back.cmp.totals.bytesA, back.cmp.totals.bytesB]).toEqual([t.bytesB, t.bytesA]);
    const swap: Record<string, string> = { added: 'removed', removed: 'added' };
    const listed = (c: typeof there.cmp, flip: boolean): string[] =>
      changedEntries(c.tree)
        .map((e) => `${flip ? (swap[e.status] ?? e.status) : e.status} ${e.path}`)
        .sort();
    expect(listed(back.cmp, true)).toEqual(listed(there.cmp, false));
    const cfg = there.cmp.config!;
    expect(back.cmp.config).toMatchObject({ added: cfg.removed, removed: cfg.added, changed: cfg.changed });
  });
});
