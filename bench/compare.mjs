#!/usr/bin/env node
// Compare benchmark in headless Chromium through the real UI (issue 10's targets):
//  1. Diff tree: A open, B chosen with "Compare with…". Per run: the whole compare (khi:compare-start
//     → khi:compare-ready, B decoded in the worker included) and the part after both archives are
//     open (khi:w:compare-decoded → khi:compare-ready: hash, tree diff, transfer, render; goal
//     ≤ 300 ms), with the stages, and the CPU of every Chromium process. The first compare also hashes
//     A (once per archive); it is shown apart. Native: `diff -rq` over the two extracted trees.
//  2. Line diff of a 2 MB header: two archives with one 2 MB header each (real headers of A
//     concatenated; B with seeded edits), click → line diff on screen (khi:linediff-start →
//     khi:linediff-ready; goal ≤ 300 ms), the diff's time in the worker, and the longest main-thread
//     task meanwhile (the page stays responsive). Native: `diff -u`.
// Medians of N runs (after one warm-up), wall and CPU (user+sys).
//
//   npm run bench:compare [-- A B] [--runs N] [--no-build]
//   defaults: ../shared/fixtures/kheaders-6.1.0-56-amd64.tar.xz and bzImage-6.1.192-tiny-ikheaders-xz
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { chromium } from 'playwright-core';
import { build, root, serve } from '../e2e/serve.mjs';
import { mulberry32 } from '../scripts/lib/kbuild.mjs';
import { chromiumPids, cpuMs, timed } from './chromium-procs.mjs';

const argv = process.argv.slice(2);
const runs = Number(argv.includes('--runs') ? argv[argv.indexOf('--runs') + 1] : '5');
const positional = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--runs');
const shared = join(root, '..', 'shared', 'fixtures');
const [fileA, fileB] = [
  positional[0] ?? join(shared, 'kheaders-6.1.0-56-amd64.tar.xz'),
  positional[1] ?? join(shared, 'bzImage-6.1.192-tiny-ikheaders-xz'),
];
for (const f of [fileA, fileB])
  if (!existsSync(f)) {
    console.error(`no such file: ${f}`);
    process.exit(2);
  }

const median = (xs) => {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => (x == null ? '—' : `${x.toFixed(0)} ms`);
const list = (xs) => xs.map((t) => (t == null ? '—' : t.toFixed(0))).join(', ');

const cli = join(root, 'dist-cli', 'kheaders-inspector.mjs');

/** Each artifact's header tree on disk, as GNU tar extracts our decoded tar (for the native diff). */
function extractTree(file, dir) {
  mkdirSync(dir, { recursive: true });
  const tar = join(dir, '..', `${basename(dir)}.tar`);
  execFileSync('bash', ['-c', 'node "$1" --tar "$2" > "$3"', 'bash', cli, file, tar]);
  execFileSync('tar', ['-xf', tar, '-C', dir]);
  return tar;
}

/** Two archives with one 2 MB header each: real headers of A concatenated, and a seeded edit of it. */
function bigHeaderPair(treeDir, tmp) {
  const files = [];
  const walk = (d) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      const st = statSync(p, { throwIfNoEntry: false });
      if (st?.isDirectory()) walk(p);
      else if (st?.isFile() && n.endsWith('.h')) files.push(p);
    }
  };
  walk(join(treeDir, 'include'));
  const parts = [];
  let size = 0;
  for (const f of files) {
    if (size >= 2 << 20) break;
    const b = readFileSync(f);
    parts.push(b);
    size += b.length;
  }
  const a = Buffer.concat(parts).subarray(0, 2 << 20);
  const lines = a.toString('latin1').split('\n');
  const r = mulberry32(10);
  const edited = [...lines];
  for (let e = 0; e < 300; e++) {
    const at = Math.floor(r() * edited.length);
    const k = r();
    if (k < 0.3) edited.splice(at, 1 + Math.floor(r() * 5));
    else if (k < 0.6) edited.splice(at, 0, `#define KHI_BENCH_${e} ${Math.floor(r() * 1e6)}`, '');
    else edited[at] = `${edited[at]} /* edited ${e} */`;
  }
  const out = {};
  for (const [side, text] of [
    ['a', lines.join('\n')],
    ['b', edited.join('\n')],
  ]) {
    const d = join(tmp, `big-${side}`);
    mkdirSync(join(d, 'include', 'linux'), { recursive: true });
    writeFileSync(join(d, 'include', 'linux', 'big.h'), text, 'latin1');
    const xz = join(tmp, `big-${side}.tar.xz`);
    execFileSync('bash', ['-c', 'tar -C "$1" -cf - include | xz -c > "$2"', 'bash', d, xz]);
    out[side] = { xz, file: join(d, 'include', 'linux', 'big.h') };
  }
  return { ...out, bytes: a.length, lines: lines.length };
}

const TREE_STAGES = [
  ['B decoded in the worker', 'khi:w:compare-open', 'khi:w:compare-decoded'],
  ['hash files', 'khi:w:compare-decoded', 'khi:w:compare-hashed'],
  ['tree diff', 'khi:w:compare-hashed', 'khi:w:compare-diffed'],
  ['transfer to the page', 'khi:w:compare-diffed', 'khi:compare-received'],
  ['render the diff tree', 'khi:compare-received', 'khi:compare-ready'],
];

async function marksOf(page, names) {
  return page.evaluate((ns) => {
    const at = {};
    for (const n of ns) at[n] = performance.getEntriesByName(n)[0]?.startTime ?? null;
    return at;
  }, names);
}
const span = (m, a, b) => (m[a] != null && m[b] != null ? m[b] - m[a] : null);

async function openPrimary(page, file) {
  await page.evaluate(() => performance.clearMarks('khi:tree-ready'));
  await page.getByLabel('Open a kernel artifact').setInputFiles(file);
  await page.waitForFunction(() => performance.getEntriesByName('khi:tree-ready').length > 0, null, {
    timeout: 120_000,
  });
  await page.getByRole('button', { name: 'Compare with…' }).waitFor();
}

async function compareOnce(page, file, pids) {
  const close = page.getByRole('button', { name: 'Close comparison' });
  if (await close.count()) await close.click();
  await page.getByRole('button', { name: 'Compare with…' }).waitFor();
  await page.waitForTimeout(200);
  await page.evaluate(() => performance.clearMarks('khi:compare-ready'));
  const c0 = cpuMs(pids);
  await page.getByLabel('Compare with another kernel artifact').setInputFiles(file);
  await page.waitForFunction(() => performance.getEntriesByName('khi:compare-ready').length > 0, null, {
    timeout: 120_000,
  });
  const cpu = cpuMs(pids) - c0;
  const names = ['khi:compare-start', 'khi:compare-ready', ...TREE_STAGES.flatMap((s) => [s[1], s[2]])];
  const m = await marksOf(page, [...new Set(names)]);
  const totals = await page.locator('[data-field=totals]').innerText();
  return {
    total: span(m, 'khi:compare-start', 'khi:compare-ready'),
    open: span(m, 'khi:w:compare-decoded', 'khi:compare-ready'),
    stages: TREE_STAGES.map(([, a, b]) => span(m, a, b)),
    cpu,
    totals,
  };
}

async function lineDiffOnce(page, path, pids) {
  const row = page.locator(`[role=treeitem][data-path="${path}"]`);
  await page.evaluate(() => {
    window.__khiLong = [];
    for (const n of ['khi:linediff-start', 'khi:linediff-received', 'khi:linediff-ready'])
      performance.clearMarks(n);
  });
  await page.waitForTimeout(200);
  const c0 = cpuMs(pids);
  await row.click();
  await page
    .waitForFunction(() => performance.getEntriesByName('khi:linediff-ready').length > 0, null, {
      timeout: 60_000,
    })
    .catch(async (e) => {
      const shown = await page.evaluate(() => document.querySelector('main')?.innerText.slice(0, 2000));
      throw new Error(`no line diff on screen for ${path}; the page shows:\n${shown}`, { cause: e });
    });
  await page.waitForTimeout(100); // let a long task that ends the render be reported
  const cpu = cpuMs(pids) - c0;
  return page.evaluate(
    ({ cpu }) => {
      const s = performance.getEntriesByName('khi:linediff-start')[0].startTime;
      const e = performance.getEntriesByName('khi:linediff-ready')[0].startTime;
      const got = performance.getEntriesByName('khi:linediff-received')[0];
      const longest = Math.max(
        0,
        ...window.__khiLong.filter((t) => t.end > s && t.start < e).map((t) => t.end - t.start),
      );
      return {
        total: e - s,
        worker: got.detail.workerMs,
        received: got.startTime - s,
        render: e - got.startTime,
        longest,
        cpu,
        changes: document.querySelector('.diff-tools .muted')?.textContent ?? '',
      };
    },
    { cpu },
  );
}

if (!argv.includes('--no-build')) {
  build();
  execFileSync('node', [join(root, 'scripts', 'build-cli.mjs')], { stdio: 'inherit' });
}
const { base, stop } = await serve();
const tmp = mkdtempSync(join(tmpdir(), 'khi-bench-compare-'));
const cores = execFileSync('nproc').toString().trim();
try {
  extractTree(fileA, join(tmp, 'a'));
  extractTree(fileB, join(tmp, 'b'));
  const big = bigHeaderPair(join(tmp, 'a'), tmp);
  const browser = await chromium.launch({
    executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  let tree;
  let lines;
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(() => {
      window.__khiLong = [];
      new PerformanceObserver((l) => {
        for (const e of l.getEntries())
          window.__khiLong.push({ start: e.startTime, end: e.startTime + e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(base);
    await page.waitForFunction(() => performance.getEntriesByName('khi:worker-ready').length > 0, null, {
      timeout: 30_000,
    });
    const pids = chromiumPids();

    // 1. the diff tree
    await openPrimary(page, fileA);
    const first = await compareOnce(page, fileB, pids);
    tree = { first, runs: [] };
    for (let i = 0; i < runs; i++) tree.runs.push(await compareOnce(page, fileB, pids));

    // 2. the 2 MB line diff
    await openPrimary(page, big.a.xz);
    const bigTotals = (await compareOnce(page, big.b.xz, pids)).totals;
    if (!bigTotals.startsWith('1 changed, 0 added, 0 removed'))
      throw new Error(`the 2 MB pair should differ in one file; the page says ${bigTotals}`);
    for (const p of ['include', 'include/linux']) {
      const folder = page.locator(`[role=treeitem][data-path="${p}"]`);
      if ((await folder.getAttribute('aria-expanded')) !== 'true') await folder.click();
    }
    lines = [];
    for (let i = 0; i < runs + 1; i++) lines.push(await lineDiffOnce(page, 'include/linux/big.h', pids));
    lines.shift(); // warm-up
  } finally {
    await browser.close();
  }

  const nTree = [];
  const nLines = [];
  for (let i = 0; i < runs; i++) {
    nTree.push(timed('diff -rq --no-dereference a b > /dev/null || true', [], { cwd: tmp }));
    nLines.push(timed('diff -u "$1" "$2" > /dev/null || true', [big.a.file, big.b.file]));
  }

  console.log(
    `bench:compare  ${basename(fileA)} → ${basename(fileB)}, ${runs} runs, headless Chromium (${cores} cores)`,
  );
  console.log(`  totals on screen: ${tree.first.totals}\n`);
  console.log('| diff tree | median wall | median CPU (user+sys) | runs (wall) |');
  console.log('|---|---|---|---|');
  const col = (f) => tree.runs.map(f);
  console.log(
    `| choose B → diff tree on screen (B decoded too) | ${ms(median(col((r) => r.total)))} | ${ms(median(col((r) => r.cpu)))} (all Chromium processes) | ${list(col((r) => r.total))} |`,
  );
  console.log(
    `| **both open → diff tree on screen** (goal ≤ 300 ms) | **${ms(median(col((r) => r.open)))}** | | ${list(col((r) => r.open))} |`,
  );
  TREE_STAGES.forEach(([label], k) =>
    console.log(
      `| · ${label} | ${ms(median(col((r) => r.stages[k])))} | | ${list(col((r) => r.stages[k]))} |`,
    ),
  );
  console.log(
    `| first compare (hashes A's files too): both open → on screen | ${ms(tree.first.open)} | | hash ${ms(tree.first.stages[1])} |`,
  );
  const nt = median(nTree.map((x) => x.wall));
  console.log(
    `| native: diff -rq over the two extracted trees | ${ms(nt)} | ${ms(median(nTree.map((x) => x.cpu)))} | ${list(nTree.map((x) => x.wall))} |`,
  );
  console.log(
    `| ratio (both open → on screen) / diff -rq | ${(median(col((r) => r.open)) / nt).toFixed(2)}× | | |`,
  );

  console.log(
    `\n| line diff, ${(big.bytes / 1048576).toFixed(1)} MB header (${big.lines.toLocaleString('en-US')} lines; ${lines[0].changes}) | median wall | median CPU (user+sys) | runs (wall) |`,
  );
  console.log('|---|---|---|---|');
  const lc = (f) => lines.map(f);
  console.log(
    `| **click → line diff on screen** (goal ≤ 300 ms) | **${ms(median(lc((r) => r.total)))}** | ${ms(median(lc((r) => r.cpu)))} (all Chromium processes) | ${list(lc((r) => r.total))} |`,
  );
  console.log(
    `| · diff in the worker | ${ms(median(lc((r) => r.worker)))} | | ${list(lc((r) => r.worker))} |`,
  );
  console.log(
    `| · click → reply on the page | ${ms(median(lc((r) => r.received)))} | | ${list(lc((r) => r.received))} |`,
  );
  console.log(`| · render | ${ms(median(lc((r) => r.render)))} | | ${list(lc((r) => r.render))} |`);
  console.log(
    `| longest main-thread task meanwhile (responsiveness) | ${ms(median(lc((r) => r.longest)))} | | ${list(lc((r) => r.longest))} |`,
  );
  const nl = median(nLines.map((x) => x.wall));
  console.log(
    `| native: diff -u | ${ms(nl)} | ${ms(median(nLines.map((x) => x.cpu)))} | ${list(nLines.map((x) => x.wall))} |`,
  );
  console.log(`| ratio / diff -u | ${(median(lc((r) => r.total)) / nl).toFixed(2)}× | | |`);
} finally {
  stop();
  rmSync(tmp, { recursive: true, force: true });
}
