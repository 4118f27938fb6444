/** Getting files in (sample, picker, drop, paste), the layer report, errors, cancel, no network. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Locator, Request } from '@playwright/test';
import {
  fixture,
  fmtInt,
  generatedInput,
  manifest,
  openViaDrop,
  openViaInput,
  openViaPaste,
  start,
  summaryValue,
  treeItems,
  waitReady,
  expect,
  test,
} from './helpers';

test('the bundled sample opens and shows its headers', async ({ page }) => {
  await start(page);
  await page.getByRole('button', { name: 'Open sample' }).first().click();
  await waitReady(page);
  await expect(summaryValue(page, 'name')).toHaveText('sample-kernel.bin');
  await expect(summaryValue(page, 'files')).toHaveText(/^\d[\d,]*$/);
  await expect(summaryValue(page, 'config')).toContainText('options');
  await expect(treeItems(page).first()).toBeVisible();
  await page.getByRole('tab', { name: /^Layers/ }).click();
  await expect(page.locator('li.layer[data-format="bzimage"]')).toBeVisible();
  await expect(page.locator('li.layer[data-format="tar"]')).toBeVisible();
});

test('a kheaders.tar.xz without IKCONFIG: the config rebuilt from autoconf.h follows the tree', async ({
  page,
}) => {
  await start(page);
  await openViaInput(page, fixture('kheaders.tar.xz'));
  await waitReady(page);
  await expect(treeItems(page).first()).toBeVisible();
  await expect(summaryValue(page, 'config')).toHaveText('autoconf.h · 6 options');
  await page.getByRole('tab', { name: 'Config · 6' }).click();
  await expect(page.getByText('CONFIG_64BIT', { exact: false }).first()).toBeVisible();
});

test('?sample (what npm start opens) starts on the bundled sample', async ({ page }) => {
  await page.goto('./?sample');
  await expect(summaryValue(page, 'name')).toHaveText('sample-kernel.bin');
  await waitReady(page);
  await expect(summaryValue(page, 'files')).toHaveText('867');
  // Before a file is chosen the viewer shows the layer chain and the include flags for this archive.
  await expect(page.locator('.overview .chain')).toHaveText('bzimage › xz › ikhd › xz › tar');
  await expect(page.locator('.overview .flags pre')).toContainText('-I arch/x86/include/generated/uapi');
  await page.getByRole('tab', { name: /^Layers/ }).click();
  await expect(page.locator('li.layer[data-format="ikhd"]')).toBeVisible();
  await expect(page.locator('li.layer[data-format="ikcfg"]')).toBeVisible();
});

test('a kernel-image fixture through input[type=file]: layers, offsets, counts', async ({ page }) => {
  const m = manifest.files['bzImage-fixture.bin']!;
  await start(page);
  await openViaInput(page, fixture('bzImage-fixture.bin'));
  await waitReady(page);
  await expect(summaryValue(page, 'name')).toHaveText('bzImage-fixture.bin');
  await expect(summaryValue(page, 'files')).toHaveText(fmtInt(manifest.headers.files));
  await expect(summaryValue(page, 'bytes')).toHaveAttribute(
    'title',
    `${fmtInt(manifest.headers.bytes)} bytes`,
  );
  await expect(summaryValue(page, 'version')).toContainText(manifest.release);
  await expect(summaryValue(page, 'config')).toHaveText(`IKCONFIG · ${manifest.configOptions} options`);
  await expect(summaryValue(page, 'sha256')).toHaveAttribute('title', m.sha256);
  // The tree's own numbers (from the tree model) agree with GNU tar's listing.
  await expect(page.locator('.tree-foot')).toContainText(`${fmtInt(manifest.headers.files)} files`);

  await page.getByRole('tab', { name: /^Layers/ }).click();
  const layer = (format: string, offset: number) =>
    page.locator(`li.layer[data-format="${format}"][data-offset="${offset}"]`);
  await expect(layer('bzimage', 0)).toBeVisible();
  const xz = layer('xz', m.payloadAt!);
  await expect(xz).toBeVisible();
  await expect(xz.locator('.layer-facts').first()).toContainText(`0x${m.payloadAt!.toString(16)}`);
  await expect(layer('ikcfg', m.ikcfgAt!)).toBeVisible();
  await expect(page.locator('li.layer[data-format="ikhd"]')).toBeVisible();
  await expect(page.locator('li.layer[data-format="tar"]')).toBeVisible();
  // The hex peek of the payload starts with the xz magic at the marked byte.
  await expect(xz.locator('.peek').first().locator('.hb.mark')).toHaveText('fd');
  // Inside the decoded vmlinux: the IKCFG blob's peek shows its marker, decoded again on demand.
  const ikcfg = layer('ikcfg', m.ikcfgAt!).locator('.peek').first();
  await expect(ikcfg.locator('.peek-caption')).toHaveText(
    'decoded output of compressed kernel (bzImage payload) (xz)',
  );
  await expect(ikcfg.locator('.hb.mark')).toHaveText('49'); // 'I' of IKCFG_ST
  const hexBytes = await ikcfg.locator('.hb').allTextContents();
  expect(hexBytes.join(' ')).toContain('49 4b 43 46 47 5f 53 54'); // IKCFG_ST
});

test('drop and paste open files too; a config-only blob shows the config panel', async ({ page }) => {
  await start(page);
  await openViaDrop(page, fixture('kheaders.tar.xz'));
  await waitReady(page);
  await expect(summaryValue(page, 'name')).toHaveText('kheaders.tar.xz');
  await expect(summaryValue(page, 'files')).toHaveText(fmtInt(manifest.headers.files));

  await openViaPaste(page, fixture('ikcfg.bin'));
  await waitReady(page);
  await expect(summaryValue(page, 'name')).toHaveText('ikcfg.bin');
  await expect(page.getByRole('heading', { name: 'No kernel headers in this file' })).toBeVisible();
  await expect(page.getByRole('tab', { name: /^Config/ })).toHaveAttribute('aria-selected', 'true');
  const list = page.getByRole('list', { name: 'Config options' });
  await expect(list.locator('.crow:not(.unset)')).toHaveCount(manifest.configOptions);
  await expect(list.locator('.crow.unset')).toContainText('is not set');
  await page.getByRole('searchbox', { name: 'Search config options' }).fill('hz');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('listitem')).toContainText('CONFIG_HZ');
  await expect(list.getByRole('listitem')).toContainText('250');
});

test('a file with nothing in it says what was scanned and looked for', async ({ page }) => {
  await start(page);
  await openViaInput(page, fixture('random.bin'));
  await waitReady(page);
  await expect(page.getByRole('heading', { name: 'No kernel headers or config found' })).toBeVisible();
  await expect(page.locator('.nothing')).toContainText(`${fmtInt(65536)} bytes`);
  await expect(page.locator('.nothing')).toContainText(/Looked for/);
});

test('a truncated archive shows the error and the partial tree', async ({ page }) => {
  await start(page);
  await openViaInput(page, fixture('kheaders-truncated.tar.xz'));
  await waitReady(page);
  const banner = page.getByRole('alert');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText(/truncat|end/i);
  await expect(page.getByRole('tab', { name: /^Problems/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('.problems li.error').first()).toContainText(/xz/i);
  // Everything read before the damage is browsable.
  const files = Number((await summaryValue(page, 'files').innerText()).replace(/,/g, ''));
  expect(files).toBeGreaterThan(0);
  expect(files).toBeLessThan(manifest.headers.files);
  await expect(treeItems(page).first()).toBeVisible();
  // The file the end cuts into is listed, as tar -t lists it, and opens with a notice.
  const cut = await page.locator('.problems li.error', { hasText: 'cut short' }).first().innerText();
  const path = /The data of "([^"]+)"/.exec(cut)![1]!;
  await page.getByRole('tab', { name: /^Headers/ }).click();
  await page.getByRole('searchbox', { name: 'Filter files by name' }).fill(path.split('/').pop()!);
  await page.locator(`[role="treeitem"][data-path="${path}"]`).click();
  await expect(page.getByRole('region', { name: 'Cut short' })).toContainText(
    /Only [\d,]+ bytes of [\d,]+ bytes/,
  );
});

// 300 MB of zeros compress to ~45 KB but take seconds to decode: a long open from a tiny file.
const bigInput = (): string => generatedInput('zeros-300M.xz', 'head -c 300M /dev/zero | xz -0 -T1 -c');

test('Cancel stops a long open, and the next open works', async ({ page }) => {
  const big = bigInput();
  await start(page);
  // The open worker by its script (the search and xz block workers start beside it, in any order).
  const first = page.workers().find((w) => /\/worker-[\w-]+\.js$/.test(w.url()))!;
  const closed = new Promise<void>((r) => first.once('close', () => r()));
  await openViaInput(page, big);
  await expect(page.locator('.progress')).toBeVisible();
  await expect(page.locator('.progress-stage')).toHaveAttribute(
    'data-stage',
    /decompressing|scanning|reading/,
  );
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('.progress')).toHaveCount(0);
  await closed; // the worker was terminated, not just asked nicely
  await expect(page.getByText('Drop a kernel artifact')).toBeVisible();
  await expect(page.locator('.status')).toContainText('Cancelled');

  await openViaInput(page, fixture('kheaders.tar.xz'));
  await waitReady(page);
  await expect(summaryValue(page, 'files')).toHaveText(fmtInt(manifest.headers.files));
});

test('opening another file while one is loading cancels the first', async ({ page }) => {
  const big = bigInput();
  await start(page);
  await openViaInput(page, big);
  await expect(page.locator('.progress')).toBeVisible();
  await openViaInput(page, fixture('kheaders.tar.xz'));
  await waitReady(page);
  await expect(summaryValue(page, 'name')).toHaveText('kheaders.tar.xz');
  await expect(summaryValue(page, 'files')).toHaveText(fmtInt(manifest.headers.files));
  // The first open never comes back to overwrite the second.
  await page.waitForTimeout(1500);
  await expect(summaryValue(page, 'name')).toHaveText('kheaders.tar.xz');
});

test('opening a local file makes no network request', async ({ page }) => {
  await start(page);
  const requests: Request[] = [];
  page.on('request', (r) => requests.push(r));
  // Requests from the worker count too.
  page.context().on('request', (r) => {
    if (!requests.includes(r)) requests.push(r);
  });
  await openViaInput(page, fixture('bzImage-fixture.bin'));
  await waitReady(page);
  await page.getByRole('searchbox', { name: 'Filter files by name' }).fill('sched.h');
  await page.locator('[role="treeitem"][data-path="include/linux/sched.h"]').click();
  await expect(page.locator('.cline[data-line="1"]')).toBeVisible();
  // Definitions and search run in the search worker, which was warmed beside the main one.
  await page.locator('.code [data-ident]').first().click();
  await expect(page.getByRole('dialog', { name: /^Definitions of / })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByRole('tab', { name: 'Search' }).click();
  await page.getByRole('searchbox', { name: 'Search the archive' }).fill('#include');
  await expect(page.locator('.search-status')).toContainText(/matches in \d+ files/);
  await page.locator('.hit-line').first().click();
  await page.getByRole('tab', { name: /^Layers/ }).click();
  await expect(page.locator('.peek .hexdump').first()).toBeVisible();
  // Nothing at all: the worker was warmed before the file was chosen and holds every codec.
  expect(requests.map((r) => `${r.method()} ${r.url()}`)).toEqual([]);
  // Reading a file, searching and exporting a folder stay local too.
  await page.getByRole('tab', { name: /^Headers/ }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export .tar' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('bzImage-fixture-headers.tar');
  expect(requests.filter((r) => !r.url().startsWith('blob:')).map((r) => r.url())).toEqual([]);
});

test('a layer saves as a file: the payload as stored, the vmlinux it decodes to (xz -dc), the .config inside that', async ({
  page,
}) => {
  const m = manifest.files['bzImage-fixture.bin']!;
  const path = fixture('bzImage-fixture.bin');
  await start(page);
  await openViaInput(page, path);
  await waitReady(page);
  await page.getByRole('tab', { name: /^Layers/ }).click();
  const card = (layer: Locator) => layer.locator('.layer-card').first();
  const save = async (layer: Locator, button: string) => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      card(layer).getByRole('button', { name: button }).click(),
    ]);
    return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
  };
  const xz = page.locator(`li.layer[data-format="xz"][data-offset="${m.payloadAt}"]`);
  // The CLI's number for it (kheaders-inspector --layer 2): file #0, bzimage #1, its payload #2.
  await expect(card(xz).locator('.layer-id')).toHaveText('#2');
  const stored = await save(xz, 'Save stream');
  expect(stored.name).toBe(`bzImage-fixture.bin-xz-0x${m.payloadAt!.toString(16)}.xz`);
  const input = readFileSync(path);
  expect(stored.bytes.equals(input.subarray(m.payloadAt!, m.payloadAt! + stored.bytes.length))).toBe(true);
  const vmlinux = await save(xz, 'Save decoded');
  expect(vmlinux.name).toBe(`bzImage-fixture.bin-xz-0x${m.payloadAt!.toString(16)}-decoded.bin`);
  expect(vmlinux.bytes.length).toBe(m.vmlinuxSize);
  const native = execFileSync('xz', ['-dc', '--single-stream'], { input: stored.bytes, maxBuffer: 1 << 28 });
  expect(vmlinux.bytes.equals(native)).toBe(true);
  // The IKCONFIG gzip stream inside that vmlinux: decoded again on demand, it is the .config.
  const gz = page.locator('li.layer[data-format="ikcfg"] li.layer[data-format="gzip"]').first();
  const gzStored = await save(gz, 'Save stream');
  const config = await save(gz, 'Save decoded');
  expect(config.bytes.equals(gunzipSync(gzStored.bytes))).toBe(true);
  expect(config.bytes.toString('latin1')).toContain('CONFIG_');
});
