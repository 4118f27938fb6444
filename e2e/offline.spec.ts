/**
 * The installable, offline app: the manifest and its file handlers, the service worker serving the
 * whole app with the network off (a local file, `?sample`, a share link's hash), and the
 * "new version available" prompt when an update waits.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import {
  fixture,
  manifest,
  openViaInput,
  root,
  summaryValue,
  swControls,
  treeItems,
  waitReady,
  expect,
  test,
} from './helpers';

async function startControlled(page: Page, path = './'): Promise<void> {
  await page.goto(path);
  await swControls(page);
}

test('the manifest parses, names icons that load, and lists the file handlers', async ({ page }) => {
  await page.goto('./');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const res = await page.request.get(new URL(href!, page.url()).href);
  expect(res.ok()).toBe(true);
  const m = JSON.parse(await res.text()) as {
    name: string;
    start_url: string;
    display: string;
    icons: { src: string; sizes: string; type: string; purpose?: string }[];
    file_handlers: { action: string; accept: Record<string, string[]> }[];
  };
  expect(m.name).toBe('kheaders-inspector');
  expect(m.display).toBe('standalone');
  expect(m.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  expect(m.icons.some((i) => i.purpose === 'maskable')).toBe(true);
  for (const icon of m.icons) {
    const r = await page.request.get(new URL(icon.src, res.url()).href);
    expect(r.ok(), icon.src).toBe(true);
    expect(r.headers()['content-type']).toContain(icon.type);
  }
  const exts = m.file_handlers.flatMap((h) => Object.values(h.accept).flat());
  expect(exts).toEqual(expect.arrayContaining(['.xz', '.ko', '.img', '.gz']));
  expect(m.file_handlers[0]!.action).toBe('./');
});

/** The archives in this browser's recent store (the app's IndexedDB, `src/ui/share/recent-idb.ts`). */
const storedShas = (page: Page): Promise<string[]> =>
  page.evaluate(async () => {
    // Never open (and so create) the database before the app has: its upgrade would not run.
    if (!(await indexedDB.databases()).some((d) => d.name === 'kheaders-inspector')) return [];
    return new Promise<string[]>((resolve, reject) => {
      const open = indexedDB.open('kheaders-inspector');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('meta')) return resolve([]);
        const all = db.transaction('meta').objectStore('meta').getAll();
        all.onsuccess = () => resolve((all.result as { sha256: string }[]).map((m) => m.sha256));
        all.onerror = () => reject(all.error);
      };
    });
  });

test('with the network off the app reloads and opens a file, the sample and a share link', async ({
  page,
  context,
}) => {
  await startControlled(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Open sample' }).first()).toBeVisible();
  await openViaInput(page, fixture('kheaders.tar.xz'));
  await waitReady(page);
  await expect(summaryValue(page, 'files')).toHaveText(manifest.headers.files.toLocaleString('en-US'));
  await expect(treeItems(page).first()).toBeVisible();
  // The recent store is written after the open; leaving the page before it is done loses the write.
  const sha = manifest.files['kheaders.tar.xz']!.sha256;
  await expect(async () => expect(await storedShas(page)).toContain(sha)).toPass({ timeout: 15_000 });

  await page.goto('./?sample');
  await waitReady(page);
  await expect(summaryValue(page, 'name')).toHaveText('sample-kernel.bin');

  // A share link to a line range, made from the file opened above: the cached page reads the hash,
  // finds the archive in this browser's recent store and lands on the lines.
  const sha16 = manifest.files['kheaders.tar.xz']!.sha256.slice(0, 16);
  const link = `./#v=1&sha=${sha16}&name=kheaders.tar.xz&path=include/linux/sched.h&L=10-20&panel=file`;
  await page.goto(link);
  await waitReady(page);
  await expect(summaryValue(page, 'name')).toHaveText('kheaders.tar.xz');
  await expect(page.locator('.cline[data-line="10"]')).toBeVisible();
  expect(page.url()).toContain('path=include/linux/sched.h&L=10-20');
});

test('a waiting update shows a non-blocking prompt; Reload switches to it', async ({ page }) => {
  await startControlled(page);
  const first = await page.evaluate(() => navigator.serviceWorker.controller!.scriptURL);
  // The next check finds a changed sw.js, as after a deploy. (Playwright's routing does not see the
  // browser's own fetch of a worker script, so the served file itself changes for this test.) It stays
  // changed until the end: put back earlier, the reloaded page's own update check can find the old
  // build as one more "new version", and the prompt rightly comes back.
  const sw = join(root, 'dist', 'sw.js');
  const built = readFileSync(sw, 'utf8');
  try {
    writeFileSync(sw, built.replace(/version:"[0-9a-f]+"/, 'version:"next-build"'));
    await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      await reg!.update();
    });
    const prompt = page.getByRole('status', { name: 'Update' });
    await expect(prompt).toContainText('new version');
    // The page stays usable while it waits.
    await openViaInput(page, fixture('kheaders.tar.xz'));
    await waitReady(page);
    await prompt.getByRole('button', { name: 'Reload' }).click();
    await page.waitForEvent('load');
    await expect(prompt).toHaveCount(0);
    const cacheNames = await page.evaluate(() => caches.keys());
    expect(cacheNames).toEqual(['khi-precache-next-build']);
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(first);
  } finally {
    writeFileSync(sw, built);
  }
});
