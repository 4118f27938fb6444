/**
 * Any screen from 360 px up: at a phone, a small laptop window and a desktop size, in light and dark,
 * with an archive open in every panel (tree, file viewer, config, layers, search), nothing makes the page
 * wider than the window. Screenshots go to test-results/ for a person to look at.
 */
import type { Page, TestInfo } from '@playwright/test';
import { fixture, openViaInput, start, waitReady, expect, test } from './helpers';

const SIZES = [
  { width: 390, height: 844 },
  { width: 800, height: 900 },
  { width: 1280, height: 800 },
];
const FILE = 'include/linux/sched.h';

async function expectNoOverflow(page: Page, where: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(
    scrollWidth,
    `${where}: document ${scrollWidth} px wide in a ${innerWidth} px window`,
  ).toBeLessThanOrEqual(innerWidth);
}

async function shot(page: Page, info: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: true });
}

for (const colorScheme of ['light', 'dark'] as const) {
  for (const size of SIZES) {
    const tag = `${size.width}x${size.height}-${colorScheme}`;
    test(`${tag}: every panel fits the width`, async ({ page }, info) => {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme });
      await start(page);
      await expectNoOverflow(page, 'empty page');
      await shot(page, info, `${tag}-0-empty`);

      await openViaInput(page, fixture('bzImage-fixture.bin'));
      await waitReady(page);
      await expectNoOverflow(page, 'tree');

      await page.getByRole('searchbox', { name: 'Filter files by name' }).fill('sched.h');
      await page.locator(`[role="treeitem"][data-path="${FILE}"]`).click();
      await expect(page.locator('.cline[data-line="1"]')).toBeVisible();
      await expectNoOverflow(page, 'tree + file viewer');
      await shot(page, info, `${tag}-1-tree-file`);

      await page.getByRole('tab', { name: /^Config/ }).click();
      await expect(page.locator('.config')).toBeVisible();
      await page.getByRole('tab', { name: /^Layers/ }).click();
      await expect(page.locator('.peek .hexdump').first()).toBeVisible();
      await expectNoOverflow(page, 'layers + config');
      await shot(page, info, `${tag}-2-layers-config`);

      await page.getByRole('tab', { name: /^Search/ }).click();
      const query = page.getByRole('searchbox', { name: 'Search the archive' });
      await query.fill('struct');
      await query.press('Enter');
      await expect(page.getByRole('list', { name: /^Search results/ })).toBeVisible();
      await expectNoOverflow(page, 'search results');
      await shot(page, info, `${tag}-3-search`);
    });
  }
}

test('below 900 px the toolbar folds into a menu: aria-expanded, Escape closes', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await start(page);
  const toggle = page.getByRole('button', { name: 'Menu' });
  const openUrl = page.locator('.appbar').getByRole('button', { name: 'Open URL…' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(openUrl).toBeHidden();
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(openUrl).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(toggle).toBeFocused();
  await expect(openUrl).toBeHidden();
  // An action chosen from the menu runs and closes it.
  await toggle.click();
  await page.locator('.appbar').getByRole('button', { name: 'Open sample' }).click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await waitReady(page);

  // Wide again: the actions sit in the bar and there is no menu button.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(toggle).toBeHidden();
  await expect(openUrl).toBeVisible();
});
