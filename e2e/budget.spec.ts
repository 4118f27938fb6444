/** Decompression bombs through the real UI: the open ends, names the budget, and says nothing was found. */
import { join } from 'node:path';
import { expect, openViaInput, root, start, test, waitReady } from './helpers';

const bomb = (name: string): string => join(root, 'test', 'fixtures', 'bombs', name);

test('a many-frame zstd bomb stops at the output budget and says so', async ({ page }) => {
  await start(page);
  await openViaInput(page, bomb('frames.zst'));
  await waitReady(page);
  await expect(page.getByRole('heading', { name: 'No kernel headers or config found' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText(/output budget/);
  await expect(page.locator('.problems li.error').first()).toContainText('budget-output');
});

test('a tar.xz that holds no file is "nothing found", not a header archive', async ({ page }) => {
  await start(page);
  await openViaInput(page, bomb('empty.tar.xz'));
  await waitReady(page);
  await expect(page.getByRole('heading', { name: 'No kernel headers or config found' })).toBeVisible();
});
