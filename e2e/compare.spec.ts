/**
 * Compare two kernels through the real UI: open A, compare with B through the "Compare with…" file
 * input, filter to changes, open a changed header's line diff (unified and side by side), pick
 * lines on B's side, copy the link, and reopen it in a fresh profile after dropping both files.
 * Then the recent list: compare with an archive kept in this browser, and a link whose two files
 * are both kept opens the comparison by itself.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openViaDrop, openViaInput, root, start, test } from './helpers';

const A = join(root, 'test', 'fixtures', 'compare', 'kheaders-a.tar.xz');
const B = join(root, 'test', 'fixtures', 'compare', 'kheaders-b.tar.xz');

const tree = (page: Page) => page.getByRole('tree', { name: 'Differences' });
const row = (page: Page, path: string) => tree(page).locator(`[role=treeitem][data-path="${path}"]`);

async function waitA(page: Page): Promise<void> {
  await expect(page.locator('.progress')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Compare with…' })).toBeVisible();
}

/**
 * Drag a file over the page, then drop it on the compare band that the drag brings up (not the window,
 * which would open it instead). The drag ends with the drop: no overlay stays behind.
 */
async function dropOnZone(page: Page, path: string): Promise<void> {
  const b64 = readFileSync(path).toString('base64');
  const drag = (target: string, types: string[]) =>
    page.evaluate(
      ({ b64, name, target, types }) => {
        const bin = atob(b64);
        const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], name));
        const at = document.querySelector(target)!;
        for (const type of types)
          at.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      },
      { b64, name: basename(path), target, types },
    );
  await drag('main, .empty', ['dragenter', 'dragover']);
  await expect(page.locator('.drop-overlay')).toBeVisible();
  await expect(page.getByTestId('compare-drop')).toBeVisible();
  await drag('[data-testid=compare-drop]', ['dragenter', 'dragover', 'drop']);
  await expect(page.locator('.drop-overlay')).toHaveCount(0);
}

test('compare A with B: totals, only changes, a line diff, and a link that reopens it', async ({
  browser,
}) => {
  const ctx = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await ctx.newPage();
  await start(page);
  await openViaInput(page, A);
  await waitA(page);
  // No drag, no link waiting, no recent archive to offer: no compare band takes room.
  await expect(page.getByTestId('compare-drop')).toHaveCount(0);

  await page.getByLabel('Compare with another kernel artifact').setInputFiles(B);
  const summary = page.getByRole('region', { name: 'Comparison' });
  await expect(summary).toContainText('5 changed, 4 added, 3 removed, 4 metadata only, +472 B');
  await expect(summary).toContainText('kheaders-a.tar.xz');
  await expect(summary).toContainText('kheaders-b.tar.xz');

  // Only changes: nothing that is the same stays in the tree.
  await row(page, 'include').click();
  await expect(row(page, 'include/generated')).toBeVisible();
  await page.getByLabel('Only changes').check();
  await row(page, 'include/linux').click();
  await expect(row(page, 'include/linux/sched.h')).toHaveAttribute('data-status', 'changed');
  await expect(tree(page).locator('[data-status=same]')).toHaveCount(0);
  await expect(row(page, 'include/linux/types.h')).toHaveCount(0);
  await expect(row(page, 'include/linux/mode_only.h')).toHaveAttribute('data-status', 'meta');
  await expect(row(page, 'include/legacy')).toHaveAttribute('data-status', 'removed');

  // The line diff of a changed header, with both sides' line numbers and next/previous change.
  await row(page, 'include/linux/sched.h').click();
  const diff = page.getByRole('table', { name: 'Line diff of include/linux/sched.h' });
  await expect(diff.locator('.dline.add').filter({ hasText: 'struct sched_new {' })).toHaveCount(1);
  await expect(diff.locator('.dline.hunk').first()).toHaveText(/^@@ -\d+,\d+ \+\d+,\d+ @@$/);
  await expect(page.getByText('3 changes · 3 hunks')).toBeVisible();
  await diff.focus();
  await page.keyboard.press('n');
  await page.keyboard.press('n');
  await page.keyboard.press('p');

  // Side by side: the new struct on B's side with nothing beside it on A's, the changed #define
  // beside the line it replaced; n / p still jump; then back to one column.
  await page.getByRole('button', { name: 'Side by side' }).click();
  await expect(page.getByRole('button', { name: 'Side by side' })).toHaveAttribute('aria-pressed', 'true');
  const inserted = diff.locator('.dline.split').filter({ hasText: 'struct sched_new {' });
  await expect(inserted.locator('.dhalf.add[data-side=b]')).toContainText('struct sched_new {');
  await expect(inserted.locator('.dhalf.none[data-side=a]')).toHaveCount(1);
  const replaced = diff.locator('.dline.split').filter({ hasText: 'SCHED_VALUE_CHANGED' });
  await expect(replaced.locator('.dhalf.del[data-side=a]')).toContainText('struct sched_6 {');
  await expect(replaced.locator('.dhalf.add[data-side=b]')).toContainText('SCHED_VALUE_CHANGED');
  await expect(page.getByText('3 changes · 3 hunks')).toBeVisible();
  await diff.focus();
  await page.keyboard.press('n');
  await page.getByRole('button', { name: 'Unified' }).click();
  await expect(diff.locator('.dline.split')).toHaveCount(0);
  // Pick lines 62–64 on B's side (the new struct), then copy the link.
  const added = diff.locator('.dline.add').filter({ hasText: 'struct sched_new {' });
  const bLine = Number(await added.getAttribute('data-b'));
  await added.locator('.ln').nth(1).click();
  await diff
    .locator(`.dline[data-b="${bLine + 2}"] .ln`)
    .nth(1)
    .click({ modifiers: ['Shift'] });
  await expect(diff.locator('.dline.sel')).toHaveCount(3);

  await page.getByRole('button', { name: 'Copy link', exact: true }).click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/sha=[0-9a-f]{16}&name=kheaders-a\.tar\.xz/);
  expect(link).toContain('path=include/linux/sched.h');
  expect(link).toMatch(
    new RegExp(`&sha2=[0-9a-f]{16}&name2=kheaders-b\\.tar\\.xz.*&L2=${bLine}-${bLine + 2}&cmp=lines`),
  );
  expect(page.url()).toBe(link);

  // The config diff, searchable.
  await page.getByRole('tab', { name: /Config diff/ }).click();
  await page.getByLabel('Search config changes').fill('HZ');
  await expect(page.getByRole('list', { name: 'Config changes' }).getByRole('listitem')).toHaveCount(1);
  await expect(page.getByRole('listitem').filter({ hasText: 'CONFIG_HZ' })).toContainText('250 → 1000');
  await ctx.close();

  // A fresh profile: a card names both files; drop A, then B on the compare zone.
  const fresh = await (await browser.newContext()).newPage();
  await fresh.goto(link);
  const card = fresh.getByRole('region', { name: 'Shared link' });
  await expect(card).toContainText('kheaders-a.tar.xz');
  await expect(card.getByTestId('link-compare')).toContainText('kheaders-b.tar.xz');
  await openViaDrop(fresh, A);
  await waitA(fresh);
  await expect(fresh.getByTestId('compare-drop')).toContainText('kheaders-b.tar.xz');
  await dropOnZone(fresh, B);
  await expect(fresh.getByRole('region', { name: 'Comparison' })).toContainText('5 changed, 4 added');
  const reopened = fresh.getByRole('table', { name: 'Line diff of include/linux/sched.h' });
  await expect(reopened.locator('.dline.sel')).toHaveCount(3);
  await expect(reopened.locator('.dline.sel').first()).toContainText('struct sched_new {');
  expect(fresh.url()).toBe(link);
});

test('compare with a recent archive, and a link whose two files are both kept opens by itself', async ({
  browser,
}) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await start(page);
  // B opened once, then A: B is in the recent list and offered for comparing; A is not.
  await openViaInput(page, B);
  await waitA(page);
  await openViaInput(page, A);
  await waitA(page);
  // "Compare with…" opens the band that offers them (it is not on screen before).
  await expect(page.getByTestId('compare-drop')).toHaveCount(0);
  const offer = page.getByRole('button', { name: 'Compare with…' });
  await expect(offer).toHaveAttribute('aria-expanded', 'false');
  await offer.click();
  await expect(offer).toHaveAttribute('aria-expanded', 'true');
  const recent = page.getByRole('group', { name: 'Compare with a recent archive' });
  await expect(recent.getByRole('button', { name: /kheaders-b\.tar\.xz/ })).toBeVisible();
  await expect(recent.getByRole('button', { name: /kheaders-a\.tar\.xz/ })).toHaveCount(0);
  await recent.getByRole('button', { name: /kheaders-b\.tar\.xz/ }).click();
  const summary = page.getByRole('region', { name: 'Comparison' });
  await expect(summary).toContainText('5 changed, 4 added, 3 removed, 4 metadata only, +472 B');
  await row(page, 'include').click();
  await row(page, 'include/linux').click();
  await row(page, 'include/linux/mm.h').click();
  await expect(page.getByRole('table', { name: 'Line diff of include/linux/mm.h' })).toBeVisible();
  // The address bar follows the view once A's fingerprint is known (the worker hashes after the paint).
  await expect(page).toHaveURL(/&sha2=[0-9a-f]{16}&name2=kheaders-b\.tar\.xz.*&cmp=lines/);
  const link = page.url();

  // The same browser, a new tab: both files come from the recent list, no card, no drop.
  const again = await ctx.newPage();
  await again.goto(link);
  await expect(again.getByRole('region', { name: 'Comparison' })).toContainText(
    '5 changed, 4 added, 3 removed',
    { timeout: 30_000 },
  );
  await expect(again.getByRole('table', { name: 'Line diff of include/linux/mm.h' })).toBeVisible();
  await ctx.close();
});
