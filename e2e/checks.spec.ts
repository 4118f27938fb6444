/**
 * The Checks panel through the real UI: a header archive that passes and one with dangling links
 * (test/fixtures/checks, scripts/fixtures/checks.mjs), keyboard only, a link that opens the panel,
 * and the panel at 360 px in dark. Screenshots go to test-results/ for a person to look at.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { openViaDrop, openViaInput, root, start, waitReady, expect, test } from './helpers';

const checksFixture = (name: string): string => join(root, 'test', 'fixtures', 'checks', name);
const verdicts = (page: Page) =>
  page
    .locator('.check')
    .evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-check')}:${e.getAttribute('data-verdict')}`),
    );

/** Open a checks fixture through the file input and wait for its result; returns the Checks tab. */
async function openChecks(page: Page, name: string, tab: string) {
  await start(page);
  await openViaInput(page, checksFixture(name));
  await waitReady(page);
  return page.getByRole('tab', { name: tab });
}

test('a ready archive passes; the panel opens from the keyboard and the address bar records it', async ({
  page,
}, info) => {
  const tab = await openChecks(page, 'ready.tar.xz', 'Checks · ready');
  await tab.focus();
  await page.keyboard.press('Enter');
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('.checks-head')).toHaveText(
    'Ready for bcc, bpftrace and module builds: no check failed.',
  );
  expect(await verdicts(page)).toEqual(['files:pass', 'symlinks:pass', 'version:warn', 'config:pass']);
  await expect(page.locator('[data-check="symlinks"] .check-found')).toHaveText(
    'The one link resolves inside the archive.',
  );
  await expect(page.locator('[data-check="version"] .check-meaning')).toContainText(
    'both an image and headers',
  );
  await expect.poll(() => new URL(page.url()).hash).toContain('panel=checks');
  await page.screenshot({ path: info.outputPath('checks-ready.png'), fullPage: true });
});

test('dangling links fail: the tab says so, each link is listed and one key press shows it in the tree', async ({
  page,
}, info) => {
  await (await openChecks(page, 'dangling.tar.xz', 'Checks · 1 failed')).click();
  await expect(page.locator('.checks-head')).toContainText('1 of 4 checks failed (Links)');
  expect(await verdicts(page)).toEqual(['files:pass', 'symlinks:fail', 'version:warn', 'config:pass']);
  const items = page.getByRole('list', { name: 'Links: 2 paths' }).getByRole('listitem');
  await expect(items).toHaveText([
    'include/linux/bpf.h → ../../common/include/linux/bpf.h (missing)',
    'include/linux/gone.h → not-there.h (missing)',
  ]);
  await page.screenshot({ path: info.outputPath('checks-dangling.png'), fullPage: true });
  const show = page.getByRole('button', { name: 'Show include/linux/gone.h in the tree' });
  await show.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: /^Headers/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('[role="treeitem"][data-path="include/linux/gone.h"]')).toHaveAttribute(
    'aria-selected',
    'true',
  );
});

test('missing build files fail two checks and are named', async ({ page }) => {
  await (await openChecks(page, 'missing-files.tar.xz', 'Checks · 2 failed')).click();
  expect(await verdicts(page)).toEqual(['files:fail', 'symlinks:pass', 'version:warn', 'config:fail']);
  await expect(page.getByRole('list', { name: 'Build files: 2 paths' }).getByRole('listitem')).toHaveText([
    'include/linux/kconfig.h',
    'include/generated/autoconf.h',
  ]);
});

test('a link with panel=checks opens the Checks panel once its archive is dropped (360 px, dark)', async ({
  page,
}, info) => {
  await page.setViewportSize({ width: 360, height: 780 });
  await page.emulateMedia({ colorScheme: 'dark' });
  const file = checksFixture('version-mismatch.bin');
  const sha16 = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
  await start(page);
  await page.goto(`./#v=1&sha=${sha16}&name=version-mismatch.bin&panel=checks`);
  await expect(page.getByRole('region', { name: 'Shared link' })).toContainText('version-mismatch.bin');
  await openViaDrop(page, file);
  await waitReady(page);
  await expect(page.getByRole('tab', { name: /^Checks/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('[data-check="version"]')).toHaveAttribute('data-verdict', 'fail');
  await expect(page.locator('[data-check="version"] .check-found')).toHaveText(
    'The headers say 6.1.99-khi-checks, the image banner says 6.1.100-other.',
  );
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  await page.locator('.checks').scrollIntoViewIfNeeded();
  await page.screenshot({ path: info.outputPath('checks-360-dark.png'), fullPage: true });
});
