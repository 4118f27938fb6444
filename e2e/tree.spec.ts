/** The header tree (keyboard, filter, sort), the viewer's line selection and URL, and export. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { readTar } from '../src/core/tar';
import { fixture, manifest, openViaInput, root, start, treeItems, waitReady, expect, test } from './helpers';

async function openArchive(page: Page): Promise<void> {
  await start(page);
  await openViaInput(page, fixture('kheaders.tar.xz'));
  await waitReady(page);
  await expect(treeItems(page).first()).toBeVisible();
}

const focusedRow = (page: Page) => page.locator('[role="treeitem"][aria-selected="true"]');

test('keyboard: walk into include/linux, open a header, select lines 10–20', async ({ page }) => {
  await openArchive(page);
  const tree = page.getByRole('tree', { name: 'Header files' });
  await tree.focus();
  await expect(focusedRow(page)).toHaveAttribute('data-path', 'arch');
  await page.keyboard.press('ArrowDown');
  await expect(focusedRow(page)).toHaveAttribute('data-path', 'include');
  await expect(focusedRow(page)).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('ArrowRight'); // expand
  await expect(focusedRow(page)).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowRight'); // enter: first child
  await expect(focusedRow(page)).toHaveAttribute('aria-level', '2');
  await page.keyboard.type('linux'); // type-ahead
  await expect(focusedRow(page)).toHaveAttribute('data-path', 'include/linux');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(focusedRow(page)).toHaveAttribute('aria-level', '3');
  await page.waitForTimeout(800); // let the type-ahead buffer expire
  await page.keyboard.type('sched');
  const row = focusedRow(page);
  await expect(row).toHaveAttribute('data-path', 'include/linux/sched.h');
  await expect(row).toHaveAttribute('aria-posinset', /\d+/);
  await expect(row).toHaveAttribute('aria-setsize', /\d+/);
  // Left goes to the parent folder, Right would not enter a file; come back with Down/End.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('navigation', { name: 'Path' })).toContainText('sched.h');
  await expect(page.locator('.cline[data-line="1"] .tk-comment')).toContainText('SPDX');
  await expect(page.locator('.cline .tk-preproc').first()).toBeVisible();

  await page.locator('.cline[data-line="10"] .ln').click();
  await page.locator('.cline[data-line="20"] .ln').click({ modifiers: ['Shift'] });
  await expect(page.locator('.cline.sel')).toHaveCount(11);
  await expect(page.locator('.cline.sel').first()).toHaveAttribute('data-line', '10');
  await expect(page.locator('.cline.sel').last()).toHaveAttribute('data-line', '20');
  await expect
    .poll(() => page.evaluate(() => location.hash))
    .toBe(
      `#v=1&sha=${manifest.files['kheaders.tar.xz']!.sha256.slice(0, 16)}&name=kheaders.tar.xz` +
        `&k=${manifest.release}&path=include/linux/sched.h&L=10-20&panel=file`,
    );

  // Left from a file goes to its folder; Left again collapses it.
  await tree.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(focusedRow(page)).toHaveAttribute('data-path', 'include/linux');
  await page.keyboard.press('ArrowLeft');
  await expect(focusedRow(page)).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Home');
  await expect(focusedRow(page)).toHaveAttribute('data-path', 'arch');
  await page.keyboard.press('End');
  await expect(treeItems(page).last()).toHaveAttribute('aria-selected', 'true');

  // The hash survives a reload: the archive reopens from this browser's recent store on the file
  // and lines; opening the same file again by hand lands there too.
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Path' })).toContainText('sched.h');
  await expect(page.locator('.cline.sel')).toHaveCount(11);
  await openViaInput(page, fixture('kheaders.tar.xz'));
  await waitReady(page);
  await expect(page.getByRole('navigation', { name: 'Path' })).toContainText('sched.h');
  await expect(page.locator('.cline.sel')).toHaveCount(11);
});

test('the filter narrows the tree and keeps ancestors; sort by size puts the largest folder first', async ({
  page,
}) => {
  await openArchive(page);
  const filter = page.getByRole('searchbox', { name: 'Filter files by name' });
  await filter.fill('sched');
  await expect(page.locator('.tree-status')).toContainText(/\d+ match/);
  const paths = await treeItems(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-path') ?? ''));
  expect(paths.length).toBeGreaterThan(0);
  expect(paths).toContain('include/linux/sched.h');
  expect(paths).toContain('include'); // ancestor kept
  for (const p of paths) expect('include/linux/sched.h'.startsWith(p) || p.includes('sched')).toBe(true);
  await filter.fill('no-such-name-anywhere');
  await expect(treeItems(page)).toHaveCount(0);
  await expect(page.locator('.tree-status')).toHaveText('No names match.');
  await filter.fill('');

  await page.getByRole('button', { name: 'Size', exact: true }).click();
  await expect(treeItems(page).first()).toHaveAttribute('data-path', 'include');
  // Every level is sorted by size: expand include and check its children.
  await treeItems(page).first().click();
  const sizes = await page
    .locator('[role="treeitem"][aria-level="2"] .tsize')
    .evaluateAll((els) => els.map((e) => Number((e.getAttribute('title') ?? '').replace(/[^\d]/g, ''))));
  expect(sizes.length).toBeGreaterThan(2);
  for (let i = 1; i < sizes.length; i++) expect(sizes[i]!).toBeLessThanOrEqual(sizes[i - 1]!);
  // Symlinks and empty entries are labelled.
  await filter.fill('linux-event-codes');
  await expect(page.locator('.tlink').first()).toContainText('→ ../../uapi/linux/input-event-codes.h');
  await filter.fill('empty');
  await expect(page.locator('.tag', { hasText: 'empty folder' })).toBeVisible();
  await expect(page.locator('.tag', { hasText: 'empty file' })).toBeVisible();
});

test('export a folder as .tar; Node and GNU tar read back the same names and bytes', async ({ page }) => {
  await openArchive(page);
  const tmp = mkdtempSync(join(tmpdir(), 'khi-e2e-'));
  try {
    await page.getByRole('searchbox', { name: 'Filter files by name' }).fill('include/linux');
    const row = page.locator('[role="treeitem"][data-path="include/linux"]');
    await row.hover();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: /Export include\/linux/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('include-linux.tar');
    const out = join(tmp, 'out.tar');
    await download.saveAs(out);
    const exported = new Uint8Array(readFileSync(out));

    const original = new Uint8Array(
      execFileSync('xz', ['-dc', fixture('kheaders.tar.xz')], { maxBuffer: 1 << 28 }),
    );
    const want = readTar(original).entries.filter(
      (e) => e.path === 'include/linux' || e.path.startsWith('include/linux/'),
    );
    const got = readTar(exported);
    expect(got.errors).toEqual([]);
    const pick = (bytes: Uint8Array, es: typeof want) =>
      es.map((e) => ({
        path: e.path,
        type: e.type,
        size: e.size,
        mode: e.mode,
        mtime: e.mtime,
        link: e.linkTarget ?? null,
        data: Buffer.from(
          bytes.subarray(e.dataOffset, e.dataOffset + (e.type === 'file' ? e.size : 0)),
        ).toString('base64'),
      }));
    expect(pick(exported, got.entries)).toEqual(pick(original, want));
    expect(want.filter((e) => e.type === 'file').length).toBeGreaterThan(10);

    // GNU tar lists the same names.
    const gnu = execFileSync('tar', ['-tf', out])
      .toString()
      .trim()
      .split('\n')
      .map((l) => l.replace(/\/$/, '').replace(/^\.\//, ''));
    expect(gnu.sort()).toEqual(want.map((e) => e.path).sort());
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  expect(manifest.headers.files).toBeGreaterThan(0);
});

test('a sparse file (tar --sparse) opens with its real size; its download is the file GNU tar extracts', async ({
  page,
}) => {
  const tar = join(root, 'test/fixtures/tar/sparse-pax10.tar');
  await start(page);
  await openViaInput(page, tar);
  await waitReady(page);
  const row = page.locator('[role="treeitem"][data-path="holes.bin"]');
  await expect(row).toContainText('48.0 KiB');
  await expect(page.locator('[role="treeitem"][data-path="z-after.h"]')).toBeVisible();
  await row.click();
  await expect(page.getByRole('navigation', { name: 'Path' })).toContainText('holes.bin');
  // It starts with a hole: the viewer shows it as binary, zeros first.
  await expect(page.locator('.viewer')).toContainText('Binary file, 49,152 bytes');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download' }).click(),
  ]);
  const got = readFileSync((await download.path())!);
  expect(got.equals(execFileSync('tar', ['-xOf', tar, './holes.bin'], { maxBuffer: 1 << 20 }))).toBe(true);
});

test('an entry the viewer cannot show says why: a dangling link, a link loop, a FIFO, a sparse file over the cap', async ({
  page,
}) => {
  await start(page);
  await openViaInput(page, join(root, 'test/fixtures/tar/unreadable.tar'));
  await waitReady(page);
  const viewer = page.locator('.viewer');
  const why: [string, string][] = [
    ['dangling.h', 'dangling.h links to missing/gone.h, which is not in the archive.'],
    ['loop-a.h', 'The links from loop-a.h do not reach a file within 16 steps (a loop?).'],
    ['fifo', 'fifo is not a file, folder or link (a device or FIFO): it holds no data.'],
    [
      'big-sparse.bin',
      'big-sparse.bin is a sparse file of 17.0 MiB (1.0 KiB stored): holes are filled in only up to 16.0 MiB.',
    ],
  ];
  for (const [path, sentence] of why) {
    await page.locator(`[role="treeitem"][data-path="${path}"]`).click();
    await expect(viewer).toContainText(sentence);
  }
  // A link that resolves still shows its file.
  await page.locator('[role="treeitem"][data-path="good-link.h"]').click();
  await expect(viewer).toContainText('#define REAL 1');
});
