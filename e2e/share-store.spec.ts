/**
 * The share modules in real Chromium, without the app: IndexedDB recent store (eviction, prefix
 * lookup, persistence, concurrent puts, quota retry, a connection closed by another tab) and
 * fetchArchive against servers with and without CORS. src/ui/share is bundled here with Vite's
 * build API and served by a local server (same address space as the archive servers, so Chromium's
 * private-network rules stay out of the way); this spec does not depend on the UI wiring.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { build } from 'vite';
import { root, expect, test } from './helpers';
import type * as ShareModule from './share-store.entry';

/** The harness page exposes the bundled modules as window.Share. */
type HarnessWindow = { Share: typeof ShareModule };

let harnessOrigin = '';
let bundle = '';
const servers: Server[] = [];
let corsBase = '';
let plainBase = '';

async function bundleShare(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify: false,
      lib: { entry: join(root, 'e2e', 'share-store.entry.ts'), formats: ['iife'], name: 'Share' },
    },
  });
  const first = (Array.isArray(out) ? out[0] : out) as { output: Array<{ type: string; code?: string }> };
  const chunk = first.output.find((o) => o.type === 'chunk');
  if (!chunk?.code) throw new Error('no bundle');
  return chunk.code;
}

function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const s = createServer(handler);
  servers.push(s);
  return new Promise((resolve) =>
    s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)),
  );
}

function archiveServer(cors: boolean): Promise<string> {
  const body = new Uint8Array(200_000).map((_, i) => i & 0xff);
  return listen((_req, res) => {
    const headers: Record<string, string | number> = { 'content-length': body.length };
    if (cors) headers['access-control-allow-origin'] = '*';
    res.writeHead(200, headers);
    res.end(body);
  });
}

test.beforeAll(async () => {
  bundle = await bundleShare();
  harnessOrigin = await listen((req, res) => {
    const js = (req.url ?? '').endsWith('/share.js');
    res.writeHead(200, { 'content-type': js ? 'text/javascript' : 'text/html' });
    res.end(js ? bundle : '<!doctype html><script src="/share.js"></script>');
  });
  corsBase = await archiveServer(true);
  plainBase = await archiveServer(false);
});

test.afterAll(async () => {
  for (const s of servers) await new Promise<void>((r) => s.close(() => r()));
});

async function openHarness(page: Page): Promise<void> {
  await page.goto(`${harnessOrigin}/`);
  await page.waitForFunction(() => 'Share' in window);
}

test('IndexedDB store: eviction, prefix lookup, touch, persistence, remove, clear', async ({ page }) => {
  await openHarness(page);
  const r = await page.evaluate(async () => {
    const S = (window as unknown as HarnessWindow).Share;
    const sha = (c: string) => c.repeat(64);
    const m = (c: string, openedAt: number) => ({ sha256: sha(c), name: `${c}.xz`, size: 0, openedAt });
    const blob = (n: number, fill: number) => new Blob([new Uint8Array(n).fill(fill)]);
    const s = await S.openIdbStore('e2e-1', { budget: 1000 });
    if (s.kind === 'unavailable') return { unavailable: s.message };
    const keys = async (st = s) => (await st.list()).map((x) => x.sha256[0]);
    const out: Record<string, unknown> = {};
    await s.put(m('a', 1), blob(400, 1));
    await s.put(m('b', 2), blob(400, 2));
    out.putC = (await s.put(m('c', 3), blob(400, 3))).evicted.map((x) => x[0]);
    out.tooBig = await s.put(m('d', 4), blob(1001, 4));
    const got = await s.get('CCCCCCCCCCCC');
    out.got = got && [got.meta.size, new Uint8Array(await got.bytes.arrayBuffer())[0]];
    out.short = await s.get('ccc');
    await s.touch(sha('b'), 10);
    out.putE = (await s.put(m('e', 11), blob(500, 5))).evicted.map((x) => x[0]);
    out.afterE = await keys();
    const [p1, p2] = await Promise.all([s.put(m('8', 12), blob(600, 8)), s.put(m('9', 13), blob(600, 9))]);
    out.concurrent = [p1.stored, p2.stored, (await s.usage()) <= 1000, await keys()];
    const again = await S.openIdbStore('e2e-1', { budget: 1000 });
    if (again.kind === 'unavailable') return { unavailable: again.message };
    out.reopened = await keys(again);
    await again.remove(sha('9'));
    out.removed = await keys(again);
    await again.put(m('a', 20), blob(1, 1));
    await again.clear();
    out.cleared = [await keys(again), await again.usage(), again.lastProblem()];
    const opened = await S.openRecentStore({ name: 'e2e-2' });
    out.opened = [opened.persistent, opened.reason, opened.store.kind];
    return out;
  });
  expect(r).toEqual({
    putC: ['a'],
    tooBig: expect.objectContaining({ stored: false, reason: 'too-large' }),
    got: [400, 3],
    short: null,
    putE: ['c'],
    afterE: ['e', 'b'],
    concurrent: [true, true, true, ['9']],
    reopened: ['9'],
    removed: [],
    cleared: [[], 0, null],
    opened: [true, null, 'indexeddb'],
  });
});

test('IndexedDB store: a connection closed by another tab turns into "caching is off"', async ({ page }) => {
  await openHarness(page);
  const r = await page.evaluate(async () => {
    const S = (window as unknown as HarnessWindow).Share;
    const s = await S.openIdbStore('e2e-3');
    if (s.kind === 'unavailable') return s.message;
    await new Promise<void>((done) => {
      const q = indexedDB.open('e2e-3', 2); // a newer page version upgrading the schema
      q.onsuccess = () => {
        q.result.close();
        done();
      };
      q.onerror = () => done();
    });
    const put = await s.put({ sha256: 'a'.repeat(64), name: 'a', size: 0, openedAt: 1 }, new Blob(['x']));
    return [await s.list(), put.stored, s.lastProblem()?.message];
  });
  expect(r).toEqual([[], false, expect.stringContaining('Caching is off')]);
});

test('IndexedDB store: when the browser quota is smaller than the budget, the oldest go first', async ({
  page,
}) => {
  await openHarness(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: harnessOrigin, quotaSize: 3 * 1024 * 1024 });
  const r = await page.evaluate(async () => {
    const S = (window as unknown as HarnessWindow).Share;
    const s = await S.openIdbStore('e2e-4');
    if (s.kind === 'unavailable') return s.message;
    const noise = (n: number) => {
      const a = new Uint8Array(n);
      for (let i = 0; i < n; i += 65536) crypto.getRandomValues(a.subarray(i, Math.min(n, i + 65536)));
      return new Blob([a]);
    };
    const stored: boolean[] = [];
    for (const [i, c] of ['1', '2', '3', '4', '5'].entries()) {
      stored.push(
        (await s.put({ sha256: c.repeat(64), name: c, size: 0, openedAt: i }, noise(900 * 1024))).stored,
      );
    }
    return [stored, (await s.list()).map((x) => x.sha256[0])];
  });
  expect(r[0]).toEqual([true, true, true, true, true]);
  expect((r[1] as string[])[0]).toBe('5');
  expect(r[1]).not.toContain('1');
});

test('fetchArchive: reads a CORS-enabled server, explains a server without CORS', async ({ page }) => {
  await openHarness(page);
  const r = await page.evaluate(
    async ({ corsBase, plainBase }) => {
      const S = (window as unknown as HarnessWindow).Share;
      const progress: Array<[number, number | null]> = [];
      const ok = await S.fetchArchive(`${corsBase}/kheaders.tar.xz`, {
        onProgress: (d, t) => progress.push([d, t]),
      });
      const bad = await S.fetchArchive(`${plainBase}/kheaders.tar.xz`);
      return {
        ok: 'error' in ok ? ok.error : [ok.name, ok.bytes.length, await S.sha256Hex(ok.bytes)],
        last: progress.at(-1),
        bad: 'error' in bad ? bad.error : null,
      };
    },
    { corsBase, plainBase },
  );
  expect(r.ok).toEqual(['kheaders.tar.xz', 200_000, expect.stringMatching(/^[0-9a-f]{64}$/)]);
  expect(r.last).toEqual([200_000, 200_000]);
  expect(r.bad).toEqual({
    kind: 'cors-or-network',
    message: `The server at ${plainBase} did not allow this page to read the file (CORS), or the network failed. Download it yourself, then drop it here.`,
  });
});
