/**
 * Hostile archives (scripts/fixtures/hostile.mjs) dropped on the real page: names show their control
 * and bidi characters as visible escapes inside an isolate, a 10,000-level path opens, damage text is
 * escaped, the comparison's tree and line-diff title escape them too, and the export of a hostile
 * archive holds no unsafe name.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openViaDrop, root, start, summaryValue, test, treeItems, waitReady } from './helpers';

const hostile = (name: string): string => join(root, 'test', 'fixtures', 'hostile', name);
const manifest = JSON.parse(readFileSync(hostile('manifest.json'), 'utf8'));
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

async function open(page: Page, name: string): Promise<void> {
  await start(page);
  await openViaDrop(page, hostile(name));
  await waitReady(page);
}

test('names show control and bidi characters as escapes, isolated', async ({ page }) => {
  await open(page, 'names.tar.xz');
  await page.getByRole('searchbox', { name: 'Filter files by name' }).fill('include/');
  const row = page.locator(`[role="treeitem"][data-path="${manifest['names.tar.xz'].spoofed}"]`);
  await expect(row).toBeVisible();
  const label = row.locator('.tlabel bdi.name');
  await expect(label).toHaveText(manifest['names.tar.xz'].spoofedShown);
  await expect(label.locator('.esc')).toHaveText('\\u202E');
  await row.click();
  const foot = page.locator('.tree-foot');
  await expect(foot.locator('bdi.name')).toHaveText(`include/${manifest['names.tar.xz'].spoofedShown}`);
  expect(await foot.textContent()).not.toMatch(RAW);
  // No label in the tree holds a raw control or bidi character.
  const labels = await page.locator('.tlabel').allTextContents();
  expect(labels.length).toBeGreaterThan(10);
  for (const l of labels) expect(l).not.toMatch(RAW);
  await expect(page.locator('.tlabel', { hasText: 'esc\\x1b]0;pwned\\x07.h' })).toBeVisible();
  await expect(page.locator('.tlabel', { hasText: 'line\\x0a999\\x09include' })).toBeVisible();
});

test('the comparison shows escaped names in its tree and line-diff title', async ({ page }) => {
  await open(page, 'text.tar.xz');
  await page.getByLabel('Compare with another kernel artifact').setInputFiles(hostile('names.tar.xz'));
  const tree = page.getByRole('tree', { name: 'Differences' });
  const spoofed = tree.locator(`[role=treeitem][data-path="${manifest['names.tar.xz'].spoofed}"]`);
  await tree.locator('[role=treeitem][data-path="include"]').click();
  await expect(spoofed).toBeVisible();
  const label = spoofed.locator('.tname bdi.name');
  await expect(label).toHaveText(manifest['names.tar.xz'].spoofedShown);
  await expect(label.locator('.esc')).toHaveText('\\u202E');
  expect(await spoofed.getAttribute('title')).not.toMatch(RAW);
  const names = await tree.locator('.tname').allTextContents();
  expect(names.length).toBeGreaterThan(5);
  for (const n of names) expect(n).not.toMatch(RAW);
  await spoofed.click();
  const head = page.locator('.viewer-head .vpath bdi.name');
  await expect(head).toHaveText(`include/${manifest['names.tar.xz'].spoofedShown}`);
  // A file only on one side: its lines in the line diff show their bidi and control characters as codes.
  await tree.locator(`[role=treeitem][data-path="${manifest['text.tar.xz'].file}"]`).click();
  const diff = page.getByRole('table', { name: `Line diff of ${manifest['text.tar.xz'].file}` });
  const bidi = diff.locator('[role=row]', { hasText: '#define BIDI' });
  await expect(bidi.locator('.esc')).toHaveText(['\\u202E', '\\u2066', '\\u2069', '\\u2028']);
  for (const line of await diff.locator('[role=row]').allTextContents())
    expect(line.replaceAll('\t', '')).not.toMatch(RAW);
});

test('search previews show bidi and control characters in the matched lines as codes', async ({ page }) => {
  await open(page, 'text.tar.xz');
  await page.getByRole('tab', { name: 'Search' }).click();
  await page.getByRole('searchbox', { name: 'Search the archive' }).fill('#define');
  const hits = page.locator('.hit-line .hit-text');
  await expect(hits).toHaveCount(manifest['text.tar.xz'].lines);
  const bidi = hits.filter({ hasText: 'BIDI' });
  await expect(bidi.locator('.esc')).toHaveText(['\\u202E', '\\u2066', '\\u2069', '\\u2028']);
  for (const line of await hits.allTextContents()) expect(line.replaceAll('\t', '')).not.toMatch(RAW);
});

test('search results show escaped names', async ({ page }) => {
  await open(page, 'names.tar.xz');
  await page.getByRole('tab', { name: 'Search' }).click();
  await page.getByRole('searchbox', { name: 'Search the archive' }).fill('rlo');
  const name = page.locator('.hit-file .hit-name bdi.name');
  await expect(name).toHaveText('txt.\\u202Egpj.h');
  await expect(name.locator('.esc')).toHaveText('\\u202E');
});

test('file contents show bidi and control characters as codes, under a notice', async ({ page }) => {
  await open(page, 'text.tar.xz');
  await page.getByRole('searchbox', { name: 'Filter files by name' }).fill('text.h');
  await page.locator(`[role="treeitem"][data-path="${manifest['text.tar.xz'].file}"]`).click();
  const code = page.getByRole('table', { name: manifest['text.tar.xz'].file });
  const bidi = code.locator('[role=row]', { hasText: '#define BIDI' });
  await expect(bidi.locator('.esc')).toHaveText(['\\u202E', '\\u2066', '\\u2069', '\\u2028']);
  await expect(code.locator('[role=row]', { hasText: '#define CR' }).locator('.esc')).toHaveText('\\x0d');
  await expect(code.locator('[role=row]', { hasText: '#define ESC' }).locator('.esc')).toHaveText([
    '\\x1b',
    '\\x07',
    '\\x1b',
  ]);
  // A tab is layout, not a code; UTF-8 letters (and right-to-left script) stay as they are.
  await expect(code.locator('[role=row]', { hasText: '#define PLAIN' }).locator('.esc')).toHaveCount(0);
  await expect(code.locator('[role=row]', { hasText: 'שלום' }).locator('.esc')).toHaveCount(0);
  for (const line of await code.locator('.ct').allTextContents())
    expect(line.replaceAll('\t', '')).not.toMatch(RAW);
  await expect(page.getByRole('region', { name: 'Bidirectional text' })).toContainText(
    '3 bidirectional control characters',
  );
});

test('damage text shows an escaped name', async ({ page }) => {
  await open(page, 'size-past-end.tar');
  await expect(page.getByRole('alert')).toContainText('include/big\\x1b[2J\\u202E.h');
  // The file whose size runs past the end is listed (as tar -t lists it), cut short, its name escaped.
  await expect(summaryValue(page, 'files')).toHaveText('2');
  await page.getByRole('searchbox', { name: 'Filter files by name' }).fill('big');
  await expect(page.locator('[role="treeitem"]', { hasText: 'big' })).toContainText('big\\x1b[2J\\u202E.h');
});

test(`a path ${manifest['deep.tar.xz'].depth.toLocaleString('en-US')} folders deep opens`, async ({
  page,
}) => {
  await open(page, 'deep.tar.xz');
  await expect(summaryValue(page, 'files')).toHaveText('2');
  await page.getByRole('searchbox', { name: 'Filter files by name' }).fill('deep.h');
  const tree = page.getByRole('tree', { name: 'Header files' });
  await tree.evaluate((el) => (el.scrollTop = el.scrollHeight));
  const leaf = page.locator('[role="treeitem"]', { hasText: 'deep.h' });
  await expect(leaf).toHaveAttribute('aria-level', String(manifest['deep.tar.xz'].depth + 1));
  await leaf.click();
  await expect(page.locator('.crumbs')).toContainText('9,992 folders');
  await expect(page.locator('.crumb.last')).toHaveText('deep.h');
  await expect(page.getByText('#define DEEP 1')).toBeVisible();
  expect(await treeItems(page).count()).toBeGreaterThan(0);
});

test('the export of a hostile archive holds no unsafe name and lists what it left out', async ({ page }) => {
  await open(page, 'names.tar.xz');
  const tmp = mkdtempSync(join(tmpdir(), 'khi-e2e-hostile-'));
  try {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export .tar' }).click(),
    ]);
    const out = join(tmp, 'out.tar');
    await download.saveAs(out);
    const names = execFileSync('tar', ['-tf', out], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(names).toEqual(expect.arrayContaining(['include/ok.h', 'abs/evil.h']));
    for (const n of names) {
      expect(n.startsWith('/'), n).toBe(false);
      expect(n.split('/').includes('..'), n).toBe(false);
    }
    const note = page.getByRole('region', { name: 'Entries left out of the export' });
    await expect(note).toContainText('../../etc/passwd');
    await expect(note).toContainText('include/nul\\x00hidden.h');
    await expect(note).toContainText('include/climb');
    await expect(note).toContainText('absolute link target');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
