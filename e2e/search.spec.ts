/**
 * Search, definitions and include links through the real UI, on the committed search fixture
 * (scripts/fixtures/search.mjs): a search opens its result at the right line, go to definition
 * of a typedef (click and keyboard), an asm/ include followed to the arch header, a runaway
 * regular expression stopped while the app keeps working, and a q= link reproduced in a fresh
 * profile after the archive is dropped.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { openViaDrop, openViaInput, root, start, waitReady, expect, test } from './helpers';

const ARCHIVE = join(root, 'test', 'fixtures', 'search', 'kheaders-search.tar.xz');
const SCHED = 'include/linux/sched.h';

const searchBox = (page: Page) => page.getByRole('searchbox', { name: 'Search the archive' });
const status = (page: Page) => page.locator('.search-status');
const viewerLine = (page: Page, n: number) => page.locator(`.code .cline[data-line="${n}"]`);

async function openArchive(page: Page): Promise<void> {
  await start(page);
  await openViaInput(page, ARCHIVE);
  await waitReady(page);
}

async function search(page: Page, text: string): Promise<void> {
  await page.getByRole('tab', { name: 'Search' }).click();
  await searchBox(page).fill(text);
  await expect(status(page)).toContainText(/\d+ match(es)? in \d+ files?/);
}

async function openSched(page: Page): Promise<void> {
  await page.getByRole('tab', { name: /^Headers/ }).click();
  await page.getByRole('searchbox', { name: 'Filter files by name' }).fill('sched.h');
  await page.locator(`[role="treeitem"][data-path="${SCHED}"]`).click();
  await expect(viewerLine(page, 1)).toBeVisible();
}

/** Scroll the viewer so the struct (where pid_t is used) is rendered. */
async function showPidUse(page: Page): Promise<void> {
  await page.locator('.code').evaluate((el) => (el.scrollTop = 40 * 18));
  await expect(page.locator('.code [data-ident="pid_t"]').first()).toBeVisible();
}

test('search task_struct, open the result in include/linux/sched.h at its line', async ({ page }) => {
  await openArchive(page);
  await search(page, 'task_struct');
  const hit = page.locator(`.hit-line[data-path="${SCHED}"]`, { hasText: 'struct task_struct {' });
  await expect(hit).toHaveCount(1);
  await expect(hit.locator('mark')).toHaveText('task_struct');
  const line = Number(await hit.getAttribute('data-line'));
  await hit.click();
  // The file opens at that line, selected (the URL records it) with the match highlighted.
  const row = viewerLine(page, line);
  await expect(row).toBeVisible();
  await expect(row).toHaveClass(/sel/);
  await expect(row.locator('.ct')).toHaveText('struct task_struct {');
  await expect(row.locator('mark')).toHaveText('task_struct');
  await expect(page).toHaveURL(new RegExp(`path=${SCHED}&L=${line}&.*q=task_struct`));
  const marks = await page.evaluate(() => performance.getEntriesByName('khi:search-done').length);
  expect(marks).toBe(1);
});

test('go to the definition of pid_t by click and by keyboard; References searches for it', async ({
  page,
}) => {
  await openArchive(page);
  await openSched(page);
  await showPidUse(page);
  const ident = page.locator('.code [data-ident="pid_t"]').first();
  await ident.click();
  const pop = page.getByRole('dialog', { name: 'Definitions of pid_t' });
  const def = pop.getByRole('button', { name: /^include\/linux\/types\.h:\d+\s*typedef$/ });
  await expect(def).toBeVisible();
  const line = Number(/:(\d+)/.exec((await def.textContent()) ?? '')![1]);
  await page.keyboard.press('Escape');
  await expect(pop).toHaveCount(0);
  // Keyboard: Escape gave focus back to the identifier; Enter opens the same list.
  await expect(ident).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(def).toBeVisible();
  await expect(def).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('.crumb.last')).toHaveText('types.h');
  await expect(viewerLine(page, line)).toHaveClass(/sel/);
  await expect(viewerLine(page, line).locator('.ct')).toContainText('pid_t;');

  await page.goBack();
  await expect(page.locator('.crumb.last')).toHaveText('sched.h');
  await showPidUse(page);
  await page.locator('.code [data-ident="pid_t"]').last().click();
  await pop.getByRole('button', { name: 'References' }).click();
  await expect(searchBox(page)).toHaveValue('pid_t');
  await expect(page.getByRole('button', { name: 'Whole word' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator(`.hit-line[data-path="${SCHED}"]`).first()).toBeVisible();
});

test('follow #include <asm/current.h> to the arch header; a missing include is marked', async ({ page }) => {
  await openArchive(page);
  await openSched(page);
  // Generated and quoted includes resolve too: asm/unistd_64.h via generated/uapi, "sched/prio.h" beside the file.
  await expect(
    page.locator('.code [data-include="arch/x86/include/generated/uapi/asm/unistd_64.h"]'),
  ).toBeVisible();
  await expect(page.locator('.code [data-include="include/linux/sched/prio.h"]')).toBeVisible();
  await page.locator('.code [data-include="arch/x86/include/asm/current.h"]').click();
  await expect(page.locator('.crumb.last')).toHaveText('current.h');
  await expect(page).toHaveURL(/path=arch\/x86\/include\/asm\/current\.h/);
  await page.goBack();
  await expect(page.locator('.crumb.last')).toHaveText('sched.h');
  await page.locator('.code [data-include="include/linux/pid.h"]').click();
  await expect(page.locator('.crumb.last')).toHaveText('pid.h');
  const missing = page.locator('.code [data-unresolved="linux/rculist.h"]');
  await expect(missing).toBeVisible();
  await expect(missing).toHaveAttribute('title', /Not in this archive/);
});

test('a runaway regular expression is stopped with a message and the app keeps working', async ({ page }) => {
  await openArchive(page);
  await page.getByRole('tab', { name: 'Search' }).click();
  await page.getByRole('button', { name: 'Regular expression' }).click();
  await searchBox(page).fill('([ -~]*)*!');
  await expect(page.getByRole('alert')).toContainText('The search was stopped', { timeout: 20_000 });
  // A fresh search worker takes over; the archive (main worker) is untouched.
  await page.getByRole('button', { name: 'Regular expression' }).click();
  await searchBox(page).fill('task_struct');
  await expect(status(page)).toContainText(/\d+ matches in \d+ files/);
  await openSched(page);
  await showPidUse(page);
  await page.locator('.code [data-ident="pid_t"]').first().click();
  await expect(
    page.getByRole('dialog', { name: 'Definitions of pid_t' }).getByRole('button').nth(1),
  ).toBeVisible();
});

test('a q= link reproduces the search in a fresh profile after the archive is dropped', async ({
  page,
  browser,
}) => {
  await openArchive(page);
  await search(page, 'pid_t');
  await page.getByRole('button', { name: 'Whole word' }).click();
  await page.getByLabel('Path filter').fill('include/linux/**');
  await expect(page).toHaveURL(/q=pid_t&qo=w&qp=include\/linux\/\*\*/);
  await expect(status(page)).toContainText(/matches in/);
  const summary = (await status(page).textContent())!.split(' · ')[0];
  const link = page.url();

  const ctx = await browser.newContext();
  const p2 = await ctx.newPage();
  await p2.goto(link);
  await expect(p2.getByRole('region', { name: 'Shared link' })).toBeVisible();
  await openViaDrop(p2, ARCHIVE);
  await waitReady(p2);
  await expect(searchBox(p2)).toHaveValue('pid_t');
  await expect(p2.getByLabel('Path filter')).toHaveValue('include/linux/**');
  await expect(status(p2)).toContainText(/matches in/);
  expect((await status(p2).textContent())!.split(' · ')[0]).toBe(summary);
  await ctx.close();
});
