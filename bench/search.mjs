#!/usr/bin/env node
// Search benchmark in headless Chromium through the real UI, on a real kheaders archive:
//  - keystroke → complete result list on screen (performance.measure khi:search-start → khi:search-done,
//    the typing pause included) for a literal search, median of N, next to `grep -rn` over the extracted
//    tree in the same run (wall and CPU time);
//  - the symbol index build time in the search worker (khi:index-done, off the critical path);
//  - a definition look-up (click on an identifier → popover filled: khi:lookup-start → khi:lookup-done).
// CPU time of the browser is summed over Chromium's processes (/proc, 10 ms ticks).
//
//   npm run bench:search [-- FILE] [--runs N] [--no-build]
// bench/browser.mjs can call searchBench(page, { file, runs }) on a page where FILE is open.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, serve } from '../e2e/serve.mjs';

const QUERIES = ['task_struct', 'TASK_COMM_LEN'];
const LOOKUP = 'pid_t';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${x.toFixed(0)} ms`;

/** user+sys CPU seconds of the descendants of a process (not itself), from /proc (Linux). */
function treeCpu(rootPid) {
  const ticks = Number(execFileSync('getconf', ['CLK_TCK']).toString()) || 100;
  const stats = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(d), { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / ticks });
    } catch {
      /* gone */
    }
  }
  const inTree = (pid) => {
    for (let p = stats.get(pid)?.ppid ?? 0, n = 0; p > 1 && n < 64; p = stats.get(p)?.ppid ?? 0, n++)
      if (p === rootPid) return true;
    return false;
  };
  let cpu = 0;
  for (const [pid, s] of stats) if (inTree(pid)) cpu += s.cpu;
  return cpu;
}

/** `grep -rn PATTERN` (fixed string) over the extracted tree: wall ms and CPU ms per run. */
function nativeGrep(dir, pattern, runs) {
  const out = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(
      'bash',
      ['-c', 'TIMEFORMAT="%U %S"; time grep -rnF -- "$1" . > /dev/null', 'bash', pattern],
      { cwd: dir, encoding: 'utf8' },
    );
    const wall = Number(process.hrtime.bigint() - t0) / 1e6;
    const [u, s] = r.stderr.trim().split(/\s+/).slice(-2).map(Number);
    out.push({ wall, cpu: (u + s) * 1000 });
  }
  return out;
}

function extract(file) {
  const dir = mkdtempSync(join(tmpdir(), 'khi-bench-search-'));
  const head = readFileSync(file).subarray(0, 6);
  if (!head.equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return { dir, ok: false };
  const r = spawnSync('sh', ['-c', 'xz -dc "$1" | tar -x -C "$2"', 'sh', file, dir], { stdio: 'ignore' });
  return { dir, ok: r.status === 0 };
}

/** On a page where the archive is open: search and look-up timings (ms). */
export async function searchBench(page, { runs = 5, cpu = () => 0 } = {}) {
  await page.waitForFunction(() => performance.getEntriesByName('khi:index-done').length > 0, null, {
    timeout: 60_000,
  });
  const index = await page.evaluate(() => performance.getEntriesByName('khi:index-done')[0].detail);
  await page.getByRole('tab', { name: 'Search' }).click();
  const box = page.getByRole('searchbox', { name: 'Search the archive' });
  const searches = {};
  for (const q of QUERIES) {
    const times = [];
    const cpus = [];
    let summary = '';
    for (let i = 0; i < runs + 1; i++) {
      await box.fill('');
      await page.waitForTimeout(150);
      await page.evaluate(() => performance.clearMarks('khi:search-done'));
      const c0 = cpu();
      await box.fill(q);
      await page.waitForFunction(() => performance.getEntriesByName('khi:search-done').length > 0, null, {
        timeout: 30_000,
      });
      const d = await page.evaluate(
        () => performance.measure('khi:search', 'khi:search-start', 'khi:search-done').duration,
      );
      const c1 = cpu();
      summary = await page.locator('.search-status').innerText();
      if (i > 0) {
        times.push(d);
        cpus.push((c1 - c0) * 1000);
      }
    }
    searches[q] = { times, cpus, summary };
  }
  // Look-up: open the first result of the first query, click the identifier.
  await page.evaluate(() => performance.clearMarks('khi:search-done'));
  await page.getByRole('button', { name: 'Whole word' }).click();
  await box.fill(LOOKUP);
  await page.waitForFunction(() => performance.getEntriesByName('khi:search-done').length > 0);
  await page.locator('.hit-line[data-path$=".h"]').first().click();
  const ident = page.locator(`.code [data-ident="${LOOKUP}"]`).first();
  await ident.waitFor();
  const lookups = [];
  for (let i = 0; i < runs; i++) {
    await page.evaluate(() => performance.clearMarks('khi:lookup-done'));
    await ident.click();
    await page.waitForFunction(() => performance.getEntriesByName('khi:lookup-done').length > 0);
    lookups.push(
      await page.evaluate(
        () => performance.measure('khi:lookup', 'khi:lookup-start', 'khi:lookup-done').duration,
      ),
    );
    await page.keyboard.press('Escape');
  }
  return { index, searches, lookups };
}

async function main() {
  const argv = process.argv.slice(2);
  const runs = Number(argv.includes('--runs') ? argv[argv.indexOf('--runs') + 1] : '5');
  const positional = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--runs');
  const file = positional[0] ?? '/work/shared/fixtures/kheaders-6.1.0-56-amd64.tar.xz';
  if (!existsSync(file)) {
    console.error(`no such file: ${file}`);
    process.exit(2);
  }
  if (!argv.includes('--no-build')) build();
  const { base, stop } = await serve();
  const tree = extract(file);
  try {
    const browser = await chromium.launch({
      executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    // Chromium's processes are this process's descendants.
    const pid = process.pid;
    let r;
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(base);
      await page.waitForTimeout(300);
      await page.locator('input[type=file]').setInputFiles(file);
      await page.waitForFunction(() => performance.getEntriesByName('khi:tree-ready').length > 0, null, {
        timeout: 120_000,
      });
      r = await searchBench(page, { runs, cpu: () => treeCpu(pid) });
    } finally {
      await browser.close();
    }
    console.log(
      `bench:search  ${basename(file)}, ${runs} runs, headless Chromium (${execFileSync('nproc').toString().trim()} cores)\n`,
    );
    console.log('| measure | median wall | median CPU (user+sys) | runs (wall) |');
    console.log('|---|---|---|---|');
    for (const [q, s] of Object.entries(r.searches)) {
      console.log(
        `| browser: keystroke → all results for '${q}' (${s.summary.split(' · ')[0]}) | ${ms(median(s.times))} | ${ms(median(s.cpus))} | ${s.times.map((t) => t.toFixed(0)).join(', ')} |`,
      );
      if (tree.ok) {
        const n = nativeGrep(tree.dir, q, runs);
        const nw = median(n.map((x) => x.wall));
        console.log(
          `| native: grep -rnF '${q}' over the extracted tree | ${ms(nw)} | ${ms(median(n.map((x) => x.cpu)))} | ${n.map((x) => x.wall.toFixed(0)).join(', ')} |`,
        );
        console.log(
          `| ratio browser / grep | ${(median(s.times) / nw).toFixed(2)}× | | goal ≤ 300 ms and ≤ 1.5× |`,
        );
      }
    }
    const i = r.index;
    console.log(
      `| symbol index in the worker (${i.files.toLocaleString('en-US')} files, ${i.definitions.toLocaleString('en-US')} definitions, ${i.names.toLocaleString('en-US')} names) | ${ms(i.ms)} | | goal ≤ 1.5 s |`,
    );
    console.log(
      `| look-up '${LOOKUP}': click → definitions listed | ${ms(median(r.lookups))} | | ${r.lookups.map((t) => t.toFixed(0)).join(', ')}; goal ≤ 20 ms |`,
    );
  } finally {
    stop();
    rmSync(tree.dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
