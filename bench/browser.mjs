#!/usr/bin/env node
// Browser benchmark: open a real kheaders archive through the real UI (input[type=file]) in headless
// Chromium, time performance.measure('khi:open-start' → 'khi:tree-ready') (median of 5), and print it
// next to native `xz -dc FILE | tar -t > /dev/null` measured in the same run. Also prints the
// first-load JS (gzipped) and the worker's share.
//
//   npm run bench:browser [-- FILE] [--runs N] [--no-build]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { build, root, serve } from '../e2e/serve.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const runs = Number(opt('--runs', '5'));
const positional = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1] === '--runs'));
const shared = '/work/shared/fixtures/kheaders-6.1.0-56-amd64.tar.xz';
const file =
  positional[0] ?? (existsSync(shared) ? shared : join(root, 'public', 'samples', 'sample-kernel.bin'));
if (!existsSync(file)) {
  console.error(`no such file: ${file}`);
  process.exit(2);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${x.toFixed(0)} ms`;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

// --- native baseline, same machine, same run -----------------------------------------------------
function native() {
  const isXz = readFileSync(file)
    .subarray(0, 6)
    .equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]));
  if (!isXz) return null;
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync('sh', ['-c', 'xz -dc "$1" | tar -t > /dev/null', 'sh', file], { stdio: 'ignore' });
    const t1 = process.hrtime.bigint();
    if (r.status !== 0) return null;
    times.push(Number(t1 - t0) / 1e6);
  }
  return times;
}

// --- first-load JS ----------------------------------------------------------------------------------
function jsSizes() {
  const dist = join(root, 'dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const startup = new Set();
  for (const m of html.matchAll(/<(?:script|link)[^>]+(?:src|href)="\.?\/?([^"]+\.js)"/g)) startup.add(m[1]);
  const gz = (rel) => gzipSync(readFileSync(join(dist, rel)), { level: 9 }).length;
  let first = 0;
  for (const rel of startup) first += gz(rel);
  const assets = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'));
  const worker = assets.filter((f) => /worker/i.test(f));
  let workerGz = 0;
  for (const f of worker) workerGz += gz(join('assets', f));
  let lazyGz = 0;
  for (const f of assets)
    if (!startup.has(`assets/${f}`) && !worker.includes(f)) lazyGz += gz(join('assets', f));
  return { first, startup: [...startup], workerGz, lazyGz };
}

// --- the browser run ----------------------------------------------------------------------------------
async function browserRuns(base) {
  const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const times = [];
  const uiTimes = [];
  const loaded = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('response', (r) => {
      if (r.url().endsWith('.js')) loaded.push(r.url());
    });
    for (let i = 0; i < runs + 1; i++) {
      await page.goto(base);
      await page.waitForFunction(() => document.querySelector('input[type=file]') !== null);
      // The worker is warmed while the user chooses a file; give it that moment, as a person would.
      await page.waitForTimeout(300);
      await page.locator('input[type=file]').setInputFiles(file);
      await page.waitForFunction(() => performance.getEntriesByName('khi:tree-ready').length > 0, null, {
        timeout: 120_000,
      });
      const [d, ui] = await page.evaluate(() => [
        performance.measure('khi:open', 'khi:open-start', 'khi:tree-ready').duration,
        performance.measure('khi:ui', 'khi:result', 'khi:tree-ready').duration,
      ]);
      const files = await page.locator('.summary [data-field="files"] .sval').innerText();
      if (i === 0) console.log(`  warm-up: ${ms(d)} (${files} header files)`);
      else {
        times.push(d);
        uiTimes.push(ui);
      }
    }
  } finally {
    await browser.close();
  }
  return { times, uiTimes, loaded: [...new Set(loaded)] };
}

if (!argv.includes('--no-build')) build();
const { base, stop } = await serve();
try {
  console.log(
    `bench:browser  ${basename(file)} (${statSync(file).size.toLocaleString('en-US')} B), ${runs} runs, headless Chromium`,
  );
  const b = await browserRuns(base);
  const n = native();
  const bm = median(b.times);
  console.log('');
  console.log('| measure | median | runs |');
  console.log('|---|---|---|');
  console.log(
    `| browser: file chosen → tree on screen | ${ms(bm)} | ${b.times.map((t) => t.toFixed(0)).join(', ')} |`,
  );
  console.log(
    `| of which UI: result received → tree on screen | ${ms(median(b.uiTimes))} | ${b.uiTimes.map((t) => t.toFixed(0)).join(', ')} |`,
  );
  if (n) {
    const nm = median(n);
    console.log(`| native: xz -dc FILE \\| tar -t | ${ms(nm)} | ${n.map((t) => t.toFixed(0)).join(', ')} |`);
    console.log(`| ratio browser / native | ${(bm / nm).toFixed(2)}× | goal ≤ 1.3× |`);
  } else {
    console.log('| native baseline | n/a | input is not a bare .tar.xz |');
  }
  const js = jsSizes();
  console.log(`| first-load JS (gzip) | ${kb(js.first)} | ${js.startup.join(', ')}; goal ≤ 100 KB |`);
  console.log(`| worker JS (gzip, loaded while idle) | ${kb(js.workerGz)} | |`);
  console.log(`| other chunks (gzip, on demand) | ${kb(js.lazyGz)} | |`);
  const cpu = execFileSync('nproc').toString().trim();
  console.log(
    `\n(${cpu} cores; JS fetched by the page: ${b.loaded.map((u) => new URL(u).pathname).join(', ')})`,
  );
} finally {
  stop();
}
