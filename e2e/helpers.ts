/** Shared helpers for the e2e tests: fixtures, and the three ways a file gets into the page. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

export { expect };

/**
 * Listen for `securitypolicyviolation` on every page of `context` (init scripts and bindings run
 * outside the page's CSP) and collect each as "directive blocked-uri (source:line)".
 */
async function guardCsp(context: BrowserContext, into: string[]): Promise<void> {
  await context.exposeBinding('__khiCspViolation', (_source, v: string) => void into.push(v));
  await context.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (e) => {
        const report = (window as unknown as { __khiCspViolation(v: string): void }).__khiCspViolation;
        report(`${e.effectiveDirective} ${e.blockedURI || '(inline)'} (${e.sourceFile}:${e.lineNumber})`);
      },
      true,
    );
  });
}

/** Collect every uncaught error of every page `context` opens (React recovers from a render crash, so only this shows it). */
function guardPageErrors(context: BrowserContext, into: string[]): void {
  const watch = (page: Page): void =>
    void page.on('pageerror', (e) => into.push(`${page.url()}: ${String(e)}`));
  context.pages().forEach(watch);
  context.on('page', watch);
}

/**
 * Run `guard` on `context` and on every context the test opens itself while `use` runs (the browser's
 * newContext is wrapped for the test's duration), then check `found` is empty.
 */
async function guarded(
  browser: Browser,
  context: BrowserContext,
  guard: (ctx: BrowserContext, into: string[]) => Promise<void> | void,
  what: string,
  use: (found: string[]) => Promise<void>,
): Promise<void> {
  const found: string[] = [];
  await guard(context, found);
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const ctx = await newContext(...args);
    await guard(ctx, found);
    return ctx;
  };
  try {
    await use(found);
  } finally {
    browser.newContext = newContext;
  }
  expect(found, what).toEqual([]);
}

/**
 * Every spec imports `test` from here: each test fails on any Content-Security-Policy violation and on
 * any uncaught page error, on any of its pages, including pages of contexts it opens itself. A test that
 * provokes one on purpose reads and empties `cspViolations` / `pageErrors`.
 */
export const test = base.extend<{ cspViolations: string[]; pageErrors: string[] }>({
  cspViolations: [
    ({ context, browser }, use) =>
      guarded(browser, context, guardCsp, 'Content-Security-Policy violations', use),
    { auto: true },
  ],
  pageErrors: [
    ({ context, browser }, use) => guarded(browser, context, guardPageErrors, 'uncaught page errors', use),
    { auto: true },
  ],
});

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const fixture = (name: string): string => join(root, 'test', 'fixtures', 'e2e', name);

/**
 * A big input made by a shell command (e.g. xz over /dev/zero), cached outside test-results/
 * (Playwright empties that folder on every run).
 */
export function generatedInput(name: string, command: string): string {
  const dir = join(tmpdir(), 'khi-e2e-generated');
  const out = join(dir, name);
  if (!existsSync(out)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(out + '.part', execFileSync('sh', ['-c', command], { maxBuffer: 1 << 24 }));
    renameSync(out + '.part', out);
  }
  return out;
}

export interface Manifest {
  release: string;
  headers: { files: number; dirs: number; symlinks: number; bytes: number; tarBytes: number };
  configOptions: number;
  files: Record<
    string,
    {
      size: number;
      sha256: string;
      payloadAt?: number;
      ikcfgAt?: number;
      xzAt?: number;
      ikhdAt?: number;
      vmlinuxSize?: number;
    }
  >;
}
export const manifest = JSON.parse(readFileSync(fixture('manifest.json'), 'utf8')) as Manifest;

export const fmtInt = (n: number): string => n.toLocaleString('en-US');

/** Wait until the service worker controls the page: by then it has precached the whole app. */
export async function swControls(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

/**
 * Load the app and wait until the worker is warm and the service worker has precached everything
 * (so later requests are only the test's).
 */
export async function start(page: Page): Promise<void> {
  await page.goto('./');
  await swControls(page);
  await expect(page.getByRole('button', { name: 'Open sample' }).first()).toBeVisible();
  await expect.poll(() => page.workers().length, { timeout: 10_000 }).toBeGreaterThan(0);
  // The main worker fetches its WebAssembly decoders while idle; wait until they have arrived (the
  // search worker is started beside it, so look in every worker).
  const loaded = async (): Promise<boolean> => {
    for (const w of page.workers()) {
      const has = await w
        .evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('.wasm')))
        .catch(() => false);
      if (has) return true;
    }
    return false;
  };
  await expect.poll(loaded, { timeout: 10_000 }).toBe(true);
}

export async function openViaInput(page: Page, path: string): Promise<void> {
  await page.getByLabel('Open a kernel artifact').setInputFiles(path);
}

/**
 * Hand the page a real File the way a user would: a DataTransfer dispatched as
 * dragenter/dragover/drop on the page, or as the clipboardData of a paste event.
 */
async function dispatchFile(page: Page, path: string, how: 'drop' | 'paste'): Promise<void> {
  const b64 = readFileSync(path).toString('base64');
  await page.evaluate(
    ({ b64, name, how }) => {
      const bin = atob(b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], name));
      if (how === 'paste') {
        document.body.dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }),
        );
        return;
      }
      const target = document.querySelector('main, .empty') ?? document.body;
      for (const type of ['dragenter', 'dragover', 'drop'])
        target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    { b64, name: basename(path), how },
  );
}

export const openViaDrop = (page: Page, path: string): Promise<void> => dispatchFile(page, path, 'drop');
export const openViaPaste = (page: Page, path: string): Promise<void> => dispatchFile(page, path, 'paste');

/** Wait for the result: the summary shows the file and the open has finished. */
export async function waitReady(page: Page): Promise<void> {
  await expect(page.locator('.progress')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.locator('.summary [data-field="files"] .sval')).not.toHaveText('…');
}

export const summaryValue = (page: Page, field: string) =>
  page.locator(`.summary [data-field="${field}"] .sval`);
export const treeItems = (page: Page) => page.getByRole('treeitem');
