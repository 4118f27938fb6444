import { describe, expect, it } from 'vitest';
import {
  createMemoryStore,
  findByPrefix,
  formatBytes,
  isRecentMeta,
  openRecentStore,
  planEviction,
  type RecentMeta,
} from './recent-store';

const sha = (c: string) => c.repeat(64).slice(0, 64);
const meta = (c: string, size: number, openedAt: number, extra: Partial<RecentMeta> = {}): RecentMeta => ({
  sha256: sha(c),
  name: `${c}.tar.xz`,
  size,
  openedAt,
  ...extra,
});
const blob = (size: number) => new Blob([new Uint8Array(size)]);

describe('planEviction', () => {
  const existing = [meta('a', 40, 3), meta('b', 30, 1), meta('c', 20, 2)]; // 90 bytes

  it('evicts nothing when the item fits', () => {
    expect(planEviction(existing, { sha256: sha('d'), size: 10 }, 100)).toEqual({ fits: true, evict: [] });
  });

  it('evicts oldest openedAt first, only as many as needed', () => {
    expect(planEviction(existing, { sha256: sha('d'), size: 15 }, 100)).toEqual({
      fits: true,
      evict: [sha('b')],
    });
    expect(planEviction(existing, { sha256: sha('d'), size: 55 }, 100)).toEqual({
      fits: true,
      evict: [sha('b'), sha('c')],
    });
    expect(planEviction(existing, { sha256: sha('d'), size: 100 }, 100).evict).toEqual([
      sha('b'),
      sha('c'),
      sha('a'),
    ]);
  });

  it('does not count a record being replaced against the budget', () => {
    expect(planEviction(existing, { sha256: sha('a'), size: 50 }, 100)).toEqual({ fits: true, evict: [] });
    expect(planEviction(existing, { sha256: sha('a'), size: 60 }, 100)).toEqual({
      fits: true,
      evict: [sha('b')],
    });
  });

  it('refuses an item larger than the whole budget and evicts nothing', () => {
    expect(planEviction(existing, { sha256: sha('d'), size: 101 }, 100)).toEqual({ fits: false, evict: [] });
  });

  it('breaks openedAt ties by key, so the order is stable', () => {
    const tied = [meta('f', 10, 5), meta('e', 10, 5)];
    expect(planEviction(tied, { sha256: sha('d'), size: 15 }, 25).evict).toEqual([sha('e')]);
  });
});

describe('findByPrefix', () => {
  const metas = [
    meta('a', 1, 1),
    { ...meta('a', 1, 1), sha256: `${'a'.repeat(20)}${'b'.repeat(44)}` },
    meta('c', 1, 1),
  ];

  it('finds a full key or a unique prefix, case-insensitively', () => {
    expect(findByPrefix(metas, sha('c'))?.sha256).toBe(sha('c'));
    expect(findByPrefix(metas, 'CCCCCCCCCCCC')?.sha256).toBe(sha('c'));
    expect(findByPrefix(metas, `${'a'.repeat(20)}b`)?.sha256).toBe(`${'a'.repeat(20)}${'b'.repeat(44)}`);
  });

  it('returns null for ambiguous, too short, non-hex or unknown prefixes', () => {
    expect(findByPrefix(metas, 'a'.repeat(12))).toBeNull();
    expect(findByPrefix(metas, 'ccccc')).toBeNull();
    expect(findByPrefix(metas, '')).toBeNull();
    expect(findByPrefix(metas, 'cccccccccccg')).toBeNull();
    expect(findByPrefix(metas, 'dddddddddddd')).toBeNull();
  });
});

describe('memory store', () => {
  it('puts, lists newest first, gets by prefix, touches, removes and clears', async () => {
    const store = createMemoryStore({ budget: 1000 });
    expect(store.kind).toBe('memory');
    expect(
      await store.put(meta('a', 999, 1, { kernel: '6.1.0' }), blob(10)),
      'size comes from bytes',
    ).toEqual({
      stored: true,
      evicted: [],
    });
    await store.put(meta('b', 0, 2), blob(20));
    expect((await store.list()).map((m) => [m.name, m.size])).toEqual([
      ['b.tar.xz', 20],
      ['a.tar.xz', 10],
    ]);
    const got = await store.get('AAAAAAAAAAAAAAAA');
    expect(got?.meta).toEqual({ sha256: sha('a'), name: 'a.tar.xz', size: 10, kernel: '6.1.0', openedAt: 1 });
    expect(got?.bytes.size).toBe(10);
    expect(await store.get('aaaa')).toBeNull();
    await store.touch(sha('a'), 3);
    expect((await store.list())[0]?.sha256).toBe(sha('a'));
    expect(await store.usage()).toBe(30);
    await store.remove(sha('a').toUpperCase());
    expect((await store.list()).map((m) => m.sha256)).toEqual([sha('b')]);
    await store.clear();
    expect(await store.list()).toEqual([]);
    expect(store.lastProblem()).toBeNull();
  });

  it('evicts the oldest archives to make room and reports them', async () => {
    const store = createMemoryStore({ budget: 100 });
    await store.put(meta('a', 0, 1), blob(40));
    await store.put(meta('b', 0, 2), blob(40));
    await store.touch(sha('a'), 3); // a is now newer than b
    expect(await store.put(meta('c', 0, 4), blob(30))).toEqual({ stored: true, evicted: [sha('b')] });
    expect((await store.list()).map((m) => m.sha256)).toEqual([sha('c'), sha('a')]);
    expect(await store.usage()).toBe(70);
  });

  it('replaces a re-opened archive instead of storing it twice', async () => {
    const store = createMemoryStore({ budget: 100 });
    await store.put(meta('a', 0, 1), blob(60));
    expect(await store.put(meta('a', 0, 2, { name: 'renamed' }), blob(60))).toEqual({
      stored: true,
      evicted: [],
    });
    expect(await store.list()).toEqual([{ sha256: sha('a'), name: 'renamed', size: 60, openedAt: 2 }]);
  });

  it('does not store an item larger than the budget, and says so', async () => {
    const store = createMemoryStore({ budget: 100 });
    await store.put(meta('a', 0, 1), blob(50));
    const r = await store.put(meta('b', 0, 2), blob(101));
    expect(r).toMatchObject({ stored: false, evicted: [], reason: 'too-large' });
    expect(r.stored === false && r.message).toContain('larger than the cache budget (100 bytes)');
    expect((await store.list()).map((m) => m.sha256)).toEqual([sha('a')]);
  });

  it('rejects records that are not keyed by a full SHA-256', async () => {
    const store = createMemoryStore();
    const r = await store.put({ ...meta('a', 0, 1), sha256: 'abc' }, blob(1));
    expect(r).toMatchObject({ stored: false, reason: 'invalid' });
    expect(await store.list()).toEqual([]);
  });
});

describe('openRecentStore', () => {
  it('falls back to memory, with a reason, when IndexedDB is missing (as in Node)', async () => {
    const opened = await openRecentStore();
    expect(opened.persistent).toBe(false);
    expect(opened.store.kind).toBe('memory');
    expect(opened.reason).toMatch(/Caching is off/);
  });

  it('falls back when opening throws (denied, private mode)', async () => {
    const factory = {
      open: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    } as unknown as IDBFactory;
    const opened = await openRecentStore({ factory });
    expect(opened.store.kind).toBe('memory');
    expect(opened.reason).toMatch(/private window or site settings/);
  });

  it('falls back when opening never answers', async () => {
    const factory = { open: () => ({}) } as unknown as IDBFactory;
    const { openIdbStore } = await import('./recent-store');
    const r = await openIdbStore('x', { factory, openTimeoutMs: 20 });
    expect(r).toMatchObject({ kind: 'unavailable', reason: 'timeout' });
  });
});

describe('helpers', () => {
  it('validates stored records and formats sizes', () => {
    expect(isRecentMeta(meta('a', 1, 1))).toBe(true);
    expect(isRecentMeta({ ...meta('a', 1, 1), size: -1 })).toBe(false);
    expect(isRecentMeta({ ...meta('a', 1, 1), kernel: 5 })).toBe(false);
    expect(isRecentMeta(null)).toBe(false);
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(1024 ** 3)).toBe('1.0 GiB');
    expect(formatBytes(300 * 1024 ** 2)).toBe('300 MiB');
  });
});
