/**
 * Share links through the real UI: copy a link to lines, open it in a fresh profile (card, drop,
 * land on the lines), reopen from the recent store, `src` downloads with and without CORS, "Open
 * URL" with progress and Cancel, bad hashes, Back/Forward, and the recent list.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import {
  fixture,
  manifest,
  openViaDrop,
  openViaInput,
  start,
  summaryValue,
  waitReady,
  expect,
  test,
} from './helpers';

const SCHED = 'include/linux/sched.h';
const OTHER = 'include/linux/bpf_lock52.h';
const sha = manifest.files['kheaders.tar.xz']!.sha256;
const sha16 = sha.slice(0, 16);
const archive = readFileSync(fixture('kheaders.tar.xz'));

// Local archive servers (same address space as the app, so only CORS decides).
const servers: Server[] = [];
let corsBase = '';
let plainBase = '';
let slowBase = '';
const hits: Record<string, number> = {};

function listen(name: string, handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const s = createServer((req, res) => {
    hits[name] = (hits[name] ?? 0) + 1;
    handler(req, res);
  });
  servers.push(s);
  return new Promise((resolve) =>
    s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)),
  );
}

test.beforeAll(async () => {
  corsBase = await listen('cors', (_req, res) => {
    res.writeHead(200, { 'content-length': archive.length, 'access-control-allow-origin': '*' });
    res.end(archive);
  });
  plainBase = await listen('plain', (_req, res) => {
    res.writeHead(200, { 'content-length': archive.length });
    res.end(archive);
  });
  // Sends the first 8 KiB, then stalls: a download that is visibly in progress until cancelled.
  slowBase = await listen('slow', (_req, res) => {
    res.writeHead(200, { 'content-length': archive.length, 'access-control-allow-origin': '*' });
    res.write(archive.subarray(0, 8192));
  });
});

test.afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

async function openFile(page: Page, path: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Filter files by name' }).fill(path.split('/').pop()!);
  await page.locator(`[role="treeitem"][data-path="${path}"]`).click();
  await expect(page.getByRole('navigation', { name: 'Path' })).toContainText(path.split('/').pop()!);
  await expect(page.locator('.cline[data-line="1"]')).toBeVisible();
}

async function selectLines(page: Page, from: number, to: number): Promise<void> {
  await page.locator(`.cline[data-line="${from}"] .ln`).click();
  await page.locator(`.cline[data-line="${to}"] .ln`).click({ modifiers: ['Shift'] });
  await expect(page.locator('.cline.sel')).toHaveCount(to - from + 1);
}

/** The viewer shows `path` with exactly lines from–to highlighted, the first one on screen. */
async function expectLanded(page: Page, path: string, from: number, to: number): Promise<void> {
  await expect(page.getByRole('navigation', { name: 'Path' })).toContainText(path.split('/').pop()!);
  await expect(page.locator('.crumb.last')).toHaveText(path.split('/').pop()!);
  await expect(page.locator('.cline.sel')).toHaveCount(to - from + 1);
  await expect(page.locator('.cline.sel').first()).toHaveAttribute('data-line', String(from));
  await expect(page.locator('.cline.sel').last()).toHaveAttribute('data-line', String(to));
  await expect(page.locator(`.cline[data-line="${from}"]`)).toBeInViewport();
}

const card = (page: Page) => page.getByRole('region', { name: 'Shared link' });
const notes = (page: Page) => page.getByRole('region', { name: 'Problems with this link' });

async function freshPage(browser: Browser): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext();
  return { ctx, page: await ctx.newPage() };
}

test('copy a link to lines 10–20; a fresh profile asks for the file and lands on the lines; the first profile reopens it from the cache', async ({
  browser,
  baseURL,
}) => {
  const ctx1 = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await ctx1.newPage();
  await start(page);
  await openViaInput(page, fixture('kheaders.tar.xz'));
  await waitReady(page);
  await openFile(page, SCHED);
  await selectLines(page, 10, 20);

  await page.getByRole('button', { name: 'Actions for lines 10–20' }).click();
  await page.getByRole('menuitem', { name: 'Copy link to these lines' }).click();
  await expect(page.locator('.sel-copied')).toHaveText('Link copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  const hash = `#v=1&sha=${sha16}&name=kheaders.tar.xz&k=${manifest.release}&path=${SCHED}&L=10-20&panel=file`;
  expect(link).toBe(new URL(hash, baseURL).href);
  // The address bar holds the same link (reload restores this view).
  expect(page.url()).toBe(link);

  // The toolbar button copies the same view.
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await page.getByRole('button', { name: 'Copy link', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Link copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

  // A new browser profile: empty storage, so the page asks for the file.
  const fresh = await freshPage(browser);
  const p2 = fresh.page;
  await p2.goto(link);
  await expect(card(p2)).toContainText(
    `This link points to ${SCHED}, lines 10–20, in kheaders.tar.xz (sha256 ${sha.slice(0, 8)}…, Linux ${manifest.release}). Drop that file here to open it.`,
  );
  await expect(p2.getByText('Drop a kernel artifact anywhere on this page')).toBeVisible();
  await openViaDrop(p2, fixture('kheaders.tar.xz'));
  await waitReady(p2);
  await expectLanded(p2, SCHED, 10, 20);
  await expect(card(p2)).toHaveCount(0);
  expect(p2.url()).toBe(link);

  // The first profile: the archive is in its recent store and opens at once, with no drop.
  const p3 = await ctx1.newPage();
  await p3.goto(link);
  await expectLanded(p3, SCHED, 10, 20);
  await expect(summaryValue(p3, 'name')).toHaveText('kheaders.tar.xz');
  await expect(summaryValue(p3, 'sha256')).toHaveAttribute('title', sha);

  await fresh.ctx.close();
  await ctx1.close();
});

test('a different file dropped on a link warns that the fingerprint differs, and "Try the path anyway" works', async ({
  browser,
}) => {
  const { ctx, page } = await freshPage(browser);
  await page.goto(`./#v=1&sha=${sha16}&name=kheaders.tar.xz&path=${SCHED}&L=10-20`);
  await expect(card(page)).toContainText(SCHED);
  // The bzImage carries the same headers, but it is not the file the link was made from.
  await openViaDrop(page, fixture('bzImage-fixture.bin'));
  await waitReady(page);
  const warning = page.getByRole('region', { name: 'Different archive' });
  await expect(warning).toContainText('differs from the one in the link');
  await expect(warning).toContainText(`sha256 ${manifest.files['bzImage-fixture.bin']!.sha256.slice(0, 8)}…`);
  await expect(page.locator('.cline.sel')).toHaveCount(0);
  await warning.getByRole('button', { name: 'Try the path anyway' }).click();
  await expect(warning).toHaveCount(0);
  await expectLanded(page, SCHED, 10, 20);
  // The address bar now names the archive actually shown.
  expect(decodeURIComponent(new URL(page.url()).hash)).toContain(
    `sha=${manifest.files['bzImage-fixture.bin']!.sha256.slice(0, 16)}&name=bzImage-fixture.bin`,
  );
  await ctx.close();
});

test('a link with src downloads only when asked: with CORS it opens on the lines, without CORS it explains and a drop still works', async ({
  browser,
}) => {
  const { ctx, page } = await freshPage(browser);
  const base = `#v=1&sha=${sha16}&name=kheaders.tar.xz&path=${SCHED}&L=10-20&src=`;
  hits.cors = 0;
  await page.goto(`./${base}${corsBase}/kheaders.tar.xz`);
  await expect(card(page)).toContainText(`lines 10–20, in kheaders.tar.xz`);
  await expect(card(page)).toContainText(corsBase);
  await page.waitForTimeout(300);
  expect(hits.cors).toBe(0); // the origin is shown first; nothing is fetched without a click
  await card(page)
    .getByRole('button', { name: `Download from ${corsBase}` })
    .click();
  await waitReady(page);
  await expectLanded(page, SCHED, 10, 20);
  expect(hits.cors).toBe(1);
  // The src stays in the view's link, so the next reader can download it too.
  expect(new URL(page.url()).hash).toContain(`src=${corsBase}/kheaders.tar.xz`);

  const p2 = await (await browser.newContext()).newPage();
  await p2.goto(`./${base}${plainBase}/kheaders.tar.xz`);
  await card(p2)
    .getByRole('button', { name: `Download from ${plainBase}` })
    .click();
  const failed = p2.getByRole('alert').filter({ hasText: 'Could not download' });
  await expect(failed).toContainText('did not allow this page to read the file (CORS)');
  await expect(failed).toContainText('Download it yourself, then drop it here.');
  await expect(failed.getByRole('link', { name: `${plainBase}/kheaders.tar.xz` })).toHaveAttribute(
    'href',
    `${plainBase}/kheaders.tar.xz`,
  );
  await expect(card(p2)).toContainText(SCHED); // the card and its drop zone stay
  await openViaDrop(p2, fixture('kheaders.tar.xz'));
  await waitReady(p2);
  await expectLanded(p2, SCHED, 10, 20);
  await expect(failed).toHaveCount(0);
  await p2.context().close();
  await ctx.close();
});

test('Open URL: only http(s), the origin shown before fetching, progress and Cancel, then a real open', async ({
  page,
}) => {
  await start(page);
  await page.getByRole('button', { name: 'Open URL…' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Open an archive from a URL' });
  const input = dialog.getByRole('textbox', { name: 'Address (http or https)' });
  const go = dialog.getByRole('button', { name: /^Download/ });
  await input.fill('javascript:alert(1)');
  await expect(dialog).toContainText('only http and https URLs can be opened');
  await expect(go).toBeDisabled();
  await input.fill('ftp://example.org/kheaders.tar.xz');
  await expect(go).toBeDisabled();
  await input.fill('https://user:pw@example.org/k.xz');
  await expect(dialog).toContainText('user name or password');
  await expect(go).toBeDisabled();

  hits.slow = 0;
  await input.fill(`${slowBase}/kheaders.tar.xz`);
  await expect(dialog).toContainText(`Downloads from ${slowBase}`);
  expect(hits.slow).toBe(0);
  await dialog.getByRole('button', { name: `Download from ${slowBase}` }).click();
  const dl = page.getByRole('region', { name: 'Download' });
  await expect(dl).toContainText(`from ${slowBase}`);
  await expect(dl).toContainText('8.0 KiB / 27.0 KiB');
  await expect(dl.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '8192');
  await dl.getByRole('button', { name: 'Cancel download' }).click();
  await expect(dl).toHaveCount(0);
  await expect(page.locator('.status')).toContainText('Download cancelled');
  await expect(page.getByText('Drop a kernel artifact anywhere on this page')).toBeVisible();

  await page.getByRole('button', { name: 'Open URL…' }).first().click();
  await input.fill(`${corsBase}/kheaders.tar.xz`);
  await input.press('Enter');
  await waitReady(page);
  await expect(summaryValue(page, 'name')).toHaveText('kheaders.tar.xz');
  await expect(summaryValue(page, 'files')).toHaveText(manifest.headers.files.toLocaleString('en-US'));
  await expect(summaryValue(page, 'sha256')).toHaveAttribute('title', sha);
});

test('bad hashes show a note and an empty, working app', async ({ page }) => {
  const cases: Array<[string, RegExp]> = [
    [`#v=1&sha=fda57&na`, /Ignored 'sha': a fingerprint is 12 to 64 hexadecimal characters/],
    [`#v=99&sha=${sha16}&path=${SCHED}`, /format version 99, made by a newer version of this page/],
    [`#path=../../etc/passwd&L=1`, /'\.\.' segments are not allowed in a path/],
    [`#src=javascript:alert(document.domain)`, /Ignored 'src': only http and https URLs can be opened/],
    [`#path=%E0%A4%A&L=10-20`, /broken %-escape/],
  ];
  for (const [hash, note] of cases) {
    await page.goto('about:blank');
    await page.goto(`./${hash}`);
    await expect(notes(page)).toContainText(note);
    await expect(page.getByText('Drop a kernel artifact anywhere on this page')).toBeVisible();
    await expect(card(page)).toHaveCount(0);
  }
  // Huge line numbers: the note, and the path alone is kept.
  await page.goto('about:blank');
  await page.goto(`./#v=1&sha=${sha16}&path=${SCHED}&L=99999999999`);
  await expect(notes(page)).toContainText(/Ignored 'L': line numbers are whole numbers from 1 to 10,000,000/);
  await expect(card(page)).toContainText(
    `This link points to ${SCHED}, in an archive (sha256 ${sha.slice(0, 8)}…)`,
  );
  // The app works: the dropped file opens on that path, and the note can be dismissed.
  await openViaDrop(page, fixture('kheaders.tar.xz'));
  await waitReady(page);
  await expect(page.locator('.crumb.last')).toHaveText('sched.h');
  await expect(page.locator('.cline.sel')).toHaveCount(0);
  await notes(page).getByRole('button', { name: 'Dismiss' }).click();
  await expect(notes(page)).toHaveCount(0);
  // Lines past the end of the file: noted, nothing selected, no crash.
  await page.evaluate((h) => (location.hash = h), `#v=1&sha=${sha16}&path=${SCHED}&L=5000-6000`);
  await expect(notes(page)).toContainText('has 400 lines');
  await expect(page.locator('.cline.sel')).toHaveCount(0);
  // An edited hash that is bad while an archive is open: the note, the archive stays.
  await page.evaluate(() => (location.hash = '#v=2'));
  await expect(notes(page)).toContainText('format version 2');
  await expect(summaryValue(page, 'name')).toHaveText('kheaders.tar.xz');
});

test('Back and Forward move between two selected files; reload restores the view', async ({ page }) => {
  await start(page);
  await openViaInput(page, fixture('kheaders.tar.xz'));
  await waitReady(page);
  await openFile(page, SCHED);
  await selectLines(page, 10, 20);
  await openFile(page, OTHER);
  await selectLines(page, 3, 5);
  await expect.poll(() => decodeURIComponent(new URL(page.url()).hash)).toContain(`path=${OTHER}&L=3-5`);

  // One Back leaves the file: line clicks replaced the entry instead of adding one per click.
  await page.goBack();
  await expectLanded(page, SCHED, 10, 20);
  await page.goBack();
  await expect(page.locator('.viewer')).toHaveCount(0);
  await expect(summaryValue(page, 'name')).toHaveText('kheaders.tar.xz');
  await page.goForward();
  await expectLanded(page, SCHED, 10, 20);
  await page.goForward();
  await expectLanded(page, OTHER, 3, 5);

  await page.reload();
  await expectLanded(page, OTHER, 3, 5);
  await expect(summaryValue(page, 'name')).toHaveText('kheaders.tar.xz');
});

test('recent archives: listed with name, kernel, size and time; open, remove, clear all', async ({
  page,
  context,
}) => {
  await start(page);
  await openViaInput(page, fixture('kheaders.tar.xz'));
  await waitReady(page);
  await openViaInput(page, fixture('ikcfg.bin'));
  await waitReady(page);
  await openViaInput(page, fixture('random.bin')); // nothing found, still kept: a reload shows it again
  await waitReady(page);

  // Storing runs after the open; a second tab sees the list once it is written (read on load).
  const tab = await context.newPage();
  const list = tab.getByRole('list', { name: 'Recent archives' });
  const items = list.getByRole('listitem');
  const reloadUntil = (check: () => Promise<void>) =>
    expect(async () => {
      await tab.goto('about:blank');
      await tab.goto('./');
      await check();
    }).toPass({ timeout: 15_000 });
  await reloadUntil(() => expect(items).toHaveCount(3, { timeout: 1000 }));
  await expect(items.first()).toContainText('random.bin'); // newest first
  await expect(items.first()).toContainText('kernel unknown');
  await expect(items.nth(1)).toContainText('ikcfg.bin');
  const k = items.filter({ hasText: 'kheaders.tar.xz' });
  await expect(k).toContainText(`Linux ${manifest.release}`);
  await expect(k.locator('.rsize')).toHaveText('27.0 KiB');
  await expect(k.locator('.rsize')).toHaveAttribute('title', '27,660 bytes');
  await expect(k.locator('.rwhen')).toHaveText('just now');
  await expect(tab.getByText(/Kept in this browser only, up to 1\.0 GiB/)).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { name: 'No kernel headers or config found' })).toBeVisible();
  await expect(summaryValue(page, 'name')).toHaveText('random.bin');

  await k.locator('.recent-open').click();
  await waitReady(tab);
  await expect(summaryValue(tab, 'sha256')).toHaveAttribute('title', sha);
  await expect(summaryValue(tab, 'files')).toHaveText(manifest.headers.files.toLocaleString('en-US'));

  await reloadUntil(() => expect(items.first()).toContainText('kheaders.tar.xz', { timeout: 1000 })); // newest again
  await tab.getByRole('button', { name: 'Remove ikcfg.bin from recent archives' }).click();
  await expect(items).toHaveCount(2);
  await expect(list).not.toContainText('ikcfg.bin');
  await tab.getByRole('button', { name: 'Clear all' }).click();
  await expect(list).toHaveCount(0);
  await tab.reload();
  await expect(tab.getByRole('region', { name: 'Recent' })).toHaveCount(0);
  await expect(tab.getByText('Drop a kernel artifact anywhere on this page')).toBeVisible();
});

test('without IndexedDB the page says caching is off, and everything else works', async ({ browser }) => {
  const ctx = await browser.newContext();
  await ctx.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
  });
  const page = await ctx.newPage();
  await start(page);
  await expect(page.getByText('Caching is off: this browser has no IndexedDB.')).toBeVisible();
  await openViaInput(page, fixture('kheaders.tar.xz'));
  await waitReady(page);
  await openFile(page, SCHED);
  await expect(page.getByRole('button', { name: 'Copy link', exact: true })).toBeEnabled();
  await ctx.close();
});
