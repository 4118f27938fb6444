/**
 * Multi-block xz, what XZ Utils >= 5.6 writes by default: the decode worker decodes blocks beside its
 * pool of block workers (src/worker/xz-pool.ts); results, damage and Cancel as with one block.
 */
import type { Page, Worker } from '@playwright/test';
import {
  fixture,
  fmtInt,
  generatedInput,
  manifest,
  openViaInput,
  start,
  summaryValue,
  treeItems,
  waitReady,
  expect,
  test,
} from './helpers';

const isBlockWorker = (w: Worker): boolean => /xz-block-worker/.test(w.url());
const blockWorkers = (page: Page): Worker[] => page.workers().filter(isBlockWorker);

/** Blocks the pool's workers decoded (each marks one). */
async function pooledBlocks(page: Page): Promise<number> {
  let n = 0;
  for (const w of blockWorkers(page))
    n += await w.evaluate(() => performance.getEntriesByName('khi:xz-block').length).catch(() => 0);
  return n;
}

test('a multi-block archive opens with every header, some blocks decoded by the pool', async ({ page }) => {
  const xzWasm: string[] = [];
  page.on(
    'request',
    (r) => void (/\/xz[^/]*\.wasm$/.test(new URL(r.url()).pathname) && xzWasm.push(r.url())),
  );
  await start(page);
  await openViaInput(page, fixture('kheaders-multiblock.tar.xz'));
  await waitReady(page);
  await expect(summaryValue(page, 'files')).toHaveText(fmtInt(manifest.headers.files));
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect.poll(() => pooledBlocks(page)).toBeGreaterThan(0);
  await expect(treeItems(page).first()).toBeVisible();
  await page.getByRole('tab', { name: /^Layers/ }).click();
  const xz = page.locator('li.layer[data-format="xz"]').first();
  await expect(xz).toContainText('All 6 block checks (CRC64) verified.');
  // The block workers got the decode worker's compiled liblzma: it was fetched once.
  expect(xzWasm).toHaveLength(1);
});

test('a damaged middle block: the blocks before it are browsable, the error names the block', async ({
  page,
}) => {
  await start(page);
  await openViaInput(page, fixture('kheaders-multiblock-damaged.tar.xz'));
  await waitReady(page);
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.locator('.problems li.error').first()).toContainText(/block 4 is corrupt/i);
  const files = Number((await summaryValue(page, 'files').innerText()).replace(/,/g, ''));
  expect(files).toBeGreaterThan(0);
  expect(files).toBeLessThan(manifest.headers.files);
  await expect(treeItems(page).first()).toBeVisible();
});

// 300 MB of zeros in 5 blocks: tiny, but seconds to decode, so Cancel has something to stop.
const bigMultiBlock = (): string =>
  generatedInput('zeros-300M-5blocks.xz', 'head -c 300M /dev/zero | xz -0 -T2 --block-size=64MiB -c');

test('Cancel during a multi-block decode stops the block workers too, and the next open works', async ({
  page,
}) => {
  await start(page);
  await expect.poll(() => blockWorkers(page).length).toBeGreaterThan(0); // warmed while idle
  const closed = blockWorkers(page).map((w) => new Promise<void>((r) => w.once('close', () => r())));
  await openViaInput(page, bigMultiBlock());
  await expect(page.locator('.progress-stage')).toHaveAttribute('data-stage', 'decompressing');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('.progress')).toHaveCount(0);
  await Promise.all(closed);
  await expect(page.locator('.status')).toContainText('Cancelled');

  await openViaInput(page, fixture('kheaders-multiblock.tar.xz'));
  await waitReady(page);
  await expect(summaryValue(page, 'files')).toHaveText(fmtInt(manifest.headers.files));
  await expect.poll(() => pooledBlocks(page)).toBeGreaterThan(0);
});
