/** The built page carries a strict Content-Security-Policy, and the guard in helpers.ts sees violations. */
import { expect, fixture, openViaInput, start, summaryValue, test, waitReady } from './helpers';

test('the built page has a strict CSP meta tag', async ({ page }) => {
  await start(page);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  const directives = new Map(
    (csp ?? '').split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values] as const;
    }),
  );
  expect(directives.get('script-src')).toEqual(["'self'"]);
  expect(directives.get('object-src')).toEqual(["'none'"]);
  expect(directives.get('base-uri')).toEqual(["'none'"]);
  expect(directives.get('form-action')).toEqual(["'none'"]);
  expect(directives.get('default-src')).toEqual(["'none'"]);
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
});

test('the server sends the header policy to the page and to the worker script, WebAssembly allowed', async ({
  page,
}) => {
  const doc = await page.goto('./');
  const header = (await doc!.allHeaders())['content-security-policy'] ?? '';
  expect(header).toMatch(/(^|; )script-src 'self' 'wasm-unsafe-eval'(;|$)/);
  expect(header).toMatch(/(^|; )default-src 'none'(;|$)/);
  expect(header).not.toMatch(/unsafe-inline|'unsafe-eval'/);
  // The decode worker starts while the page is idle; its script comes with the same header, and under
  // it the worker may compile WebAssembly (without 'wasm-unsafe-eval' it may not).
  await expect.poll(() => page.workers().some((w) => /\/worker-[^/]*\.js$/.test(w.url()))).toBe(true);
  const worker = page.workers().find((w) => /\/worker-[^/]*\.js$/.test(w.url()))!;
  expect((await page.request.get(worker.url())).headers()['content-security-policy']).toBe(header);
  const compiled = await worker.evaluate(() =>
    WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(
      () => 'compiled',
      (e: unknown) => String(e),
    ),
  );
  expect(compiled).toBe('compiled');
});

test('an injected inline script does not run and is reported as a violation', async ({
  page,
  cspViolations,
}) => {
  await start(page);
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__khiInjected = 1';
    document.body.append(s);
  });
  await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { __khiInjected?: number }).__khiInjected)).toBe(
    undefined,
  );
  expect(cspViolations[0]).toMatch(/^script-src-elem \(inline\)|^script-src-elem inline/);
  cspViolations.length = 0; // provoked on purpose
});

test('an xz archive decodes (WebAssembly in the worker) under the policy', async ({ page }) => {
  await start(page);
  await openViaInput(page, fixture('kheaders.tar.xz'));
  await waitReady(page);
  await expect(summaryValue(page, 'files')).not.toHaveText('0');
});
