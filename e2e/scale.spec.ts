/** Scale: 20,000+ entries stay virtualised and responsive; a 2 MB header opens and scrolls fast. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTar, type TarWriteEntry } from '../src/core/tar-write';
import { fmtInt, openViaInput, start, summaryValue, treeItems, waitReady, expect, test } from './helpers';

const DIRS = 200;
const PER_DIR = 120; // 24,000 files

function bigArchive(): string {
  // Cached outside test-results/ (Playwright empties that folder on every run).
  const dir = join(tmpdir(), 'khi-e2e-generated');
  const out = join(dir, 'big-tree.tar.xz');
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  const enc = new TextEncoder();
  const files: TarWriteEntry[] = [];
  for (let d = 0; d < DIRS; d++) {
    files.push({ path: `include/d${d}`, type: 'dir', size: 0, mode: 0o755, mtime: 1_700_000_000 });
    for (let f = 0; f < PER_DIR; f++) {
      const data = enc.encode(`/* d${d} f${f} */\n#define D${d}_F${f} ${f}\n`);
      files.push({
        path: `include/d${d}/f${f}.h`,
        type: 'file',
        size: data.length,
        data,
        mode: 0o644,
        mtime: 1_700_000_000,
      });
    }
  }
  let big = '/* SPDX-License-Identifier: GPL-2.0 */\n';
  for (let i = 0; big.length < 2 * 1024 * 1024; i++)
    big += `#define REG_${i.toString(16).toUpperCase()} 0x${(i * 4).toString(16)} /* register ${i} */\n`;
  const bigBytes = enc.encode(big);
  files.push({
    path: 'include/huge.h',
    type: 'file',
    size: bigBytes.length,
    data: bigBytes,
    mode: 0o644,
    mtime: 1_700_000_000,
  });
  writeFileSync(
    out + '.part',
    execFileSync('xz', ['-1', '-T1', '-c'], { input: writeTar(files), maxBuffer: 1 << 28 }),
  );
  renameSync(out + '.part', out);
  return out;
}

test('24,000 files: only visible rows are in the DOM, End reaches the last row', async ({ page }) => {
  await start(page);
  await openViaInput(page, bigArchive());
  await waitReady(page);
  await expect(summaryValue(page, 'files')).toHaveText(fmtInt(DIRS * PER_DIR + 1));
  const tree = page.getByRole('tree', { name: 'Header files' });
  await tree.focus();
  await page.keyboard.press('ArrowRight'); // expand include
  await page.keyboard.press('ArrowRight'); // first child
  await page.keyboard.press('*'); // expand every sibling folder: 24,000+ rows
  await page.keyboard.press('End');
  await expect(treeItems(page).last()).toHaveAttribute('aria-selected', 'true');
  const inDom = await treeItems(page).count();
  expect(inDom).toBeLessThan(200);
  // Scrolling the whole list renders new rows without growing the DOM.
  await page.keyboard.press('Home');
  for (let i = 0; i < 5; i++) await page.mouse.wheel(0, 20_000);
  expect(await treeItems(page).count()).toBeLessThan(200);
});

test('a 2 MB header opens, highlights and scrolls with a small DOM', async ({ page }) => {
  await start(page);
  await openViaInput(page, bigArchive());
  await waitReady(page);
  await page.getByRole('searchbox', { name: 'Filter files by name' }).fill('huge');
  await page.locator('[role="treeitem"][data-path="include/huge.h"]').click();
  await expect(page.locator('.cline[data-line="1"] .tk-comment')).toBeVisible();
  const code = page.locator('.code');
  await code.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(page.locator('.cline .tk-preproc').last()).toBeVisible();
  expect(await page.locator('.cline').count()).toBeLessThan(200);
});
