#!/usr/bin/env node
// Browser benchmark: open a real kheaders archive through the real UI (input[type=file]) in headless
// Chromium, time performance.measure('khi:open-start' → 'khi:tree-ready') (median of 5), and print it
// next to native `xz -dc FILE | tar -t > /dev/null` measured in the same run. Per open it also prints
// the stages (from the worker's khi:w:* marks the bridge replays on the page timeline), the CPU time
// of every Chromium process (/proc/PID/stat) and of its busiest threads (/proc/PID/task), and the peak memory above the idle baseline (VmHWM
// after clear_refs, summed over Chromium's processes). For a bare .tar.xz it repeats everything on
// the same tar re-compressed as 2 blocks (`xz -T2 -6`, made in a temp dir). Also prints the
// first-load JS (gzipped) and the worker's share.
//
//   npm run bench:browser [-- FILE] [--runs N] [--no-build] [--one-block] [--js-flags FLAGS] [--profile] [--idle MS]
//
// --profile: build without minifying, sample the page and every worker with V8's CPU profiler during
// each open (bench/cdp-profile.mjs) and print, per thread and per span between two khi:* marks, the
// functions by self and inclusive time (ms per open); the last open's profiles are saved to a temp
// folder for DevTools. The sampling slows the open a little: take timings from a run without it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { build, root, serve } from '../e2e/serve.mjs';
import { accumulate, CdpProfiler, report, saveProfiles } from './cdp-profile.mjs';
import { chromiumPids, cpuMs, minorFaults, peakSum, procRead, resetPeaks } from './chromium-procs.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const runs = Number(opt('--runs', '5'));
const withValue = new Set(['--runs', '--js-flags', '--idle']);
const positional = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && withValue.has(argv[i - 1])));
/** Diagnosis only (e.g. --js-flags=--liftoff-only): V8 flags for Chromium. */
const jsFlags = opt('--js-flags', null);
const profile = argv.includes('--profile');
/** How long the page sits idle between the worker's 'ready' and the file (a person choosing a file). */
const idleMs = Number(opt('--idle', '1000'));
const DEBUG_PORT = 9300 + (process.pid % 500);
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
const isXz = (f) =>
  readFileSync(f)
    .subarray(0, 6)
    .equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]));

/** Wall and CPU (user+sys of the pipeline's processes, from bash's `times`) per run, in ms. */
function native(f) {
  if (!isXz(f)) return null;
  const times = [];
  const cpu = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync('bash', ['-c', 'xz -dc "$1" | tar -t > /dev/null; times', 'bash', f], {
      encoding: 'utf8',
    });
    const t1 = process.hrtime.bigint();
    if (r.status !== 0) return null;
    times.push(Number(t1 - t0) / 1e6);
    const last = r.stdout.trim().split('\n').pop(); // children: "0m0.288s 0m0.020s"
    const secs = [...last.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
    cpu.push((secs[0] + secs[1]) * 1000);
  }
  return { times, cpu };
}

/** The same tar as 2 xz blocks (what XZ Utils >= 5.6 writes by default for a ~32 MB tar). */
function twoBlocks(f, dir) {
  const out = join(dir, basename(f).replace(/\.tar\.xz$/, '') + '-2blocks.tar.xz');
  const r = spawnSync('bash', ['-c', 'xz -dc "$1" | xz -T2 -6 > "$2"', 'bash', f, out]);
  return r.status === 0 ? out : null;
}

// --- Chromium processes: CPU per thread kind (the rest is in chromium-procs.mjs) ------------------
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
/** user+sys ms per thread kind (comm without trailing digits: "DedicatedWorker thread", "chromium"
 * for each process's main thread, "ThreadPoolForeg" for V8's background compile and GC, ...). */
function cpuByThread(pids) {
  const out = {};
  for (const p of pids) {
    const type = /--type=([\w-]+)/.exec(procRead(p, 'cmdline'))?.[1] ?? 'browser';
    let tids;
    try {
      tids = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const t of tids) {
      const st = procRead(p, `task/${t}/stat`);
      if (!st) continue;
      const kind = `${type}: ${st.slice(st.indexOf('(') + 1, st.lastIndexOf(')')).replace(/[\d/:]+$/, '')}`;
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      out[kind] = (out[kind] ?? 0) + (Number(f[11]) + Number(f[12])) * TICK_MS;
      // Each worker thread on its own too: the busiest is the critical path (decode worker or a block worker).
      if (kind.endsWith('DedicatedWorker')) out[`tid ${p}/${t}`] = (Number(f[11]) + Number(f[12])) * TICK_MS;
    }
  }
  return out;
}
const diffThreads = (a, b) => {
  const d = {};
  for (const k of Object.keys(b)) if (b[k] - (a[k] ?? 0) > 0) d[k] = b[k] - (a[k] ?? 0);
  return d;
};
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
/** Stages of one open: [label, from mark, to mark] on the page timeline. */
const STAGES = [
  ['worker start (before the file is chosen)', 'khi:worker-new', 'khi:worker-ready'],
  ['read (post + read the File)', 'khi:open-start', 'khi:w:scanning'],
  ['scan (markers, magics in the input)', 'khi:w:scanning', 'khi:w:decompressing'],
  ['decode', 'khi:w:decompressing', 'khi:w:reading-tar'],
  ['tar', 'khi:w:reading-tar', 'khi:w:building-tree'],
  ['tree (+ facts, config, wire encode)', 'khi:w:building-tree', 'khi:w:posted'],
  ['transfer', 'khi:w:posted', 'khi:received'],
  ['tree unpack on the page', 'khi:received', 'khi:tree-decoded'],
  ['paint', 'khi:result', 'khi:tree-ready'],
];

async function browserRuns(base, f) {
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
      ...(jsFlags ? [`--js-flags=${jsFlags}`] : []),
      ...(profile ? [`--remote-debugging-port=${DEBUG_PORT}`] : []),
    ],
  });
  const runsOut = [];
  const loaded = [];
  const profiled = {};
  let prof = null;
  let lastThreads = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    if (profile) prof = await CdpProfiler.connect(DEBUG_PORT);
    page.on('response', (r) => {
      if (r.url().endsWith('.js')) loaded.push(r.url());
    });
    for (let i = 0; i < runs + 1; i++) {
      await page.goto(base);
      await page.waitForFunction(() => document.querySelector('input[type=file]') !== null);
      // The worker is warmed while the user chooses a file; give it that moment, as a person would.
      await page.waitForFunction(() => performance.getEntriesByName('khi:worker-ready').length > 0, null, {
        timeout: 30_000,
      });
      // 1 s by default: the worker also touches its output arena's pages then (src/worker/output-arena.ts).
      // --idle 30000 shows whether what was warmed while idle stays warm (V8 flushes unused code).
      await page.waitForTimeout(idleMs);
      const pids = chromiumPids();
      const idle = resetPeaks(pids);
      const cpu0 = cpuMs(pids);
      const flt0 = minorFaults(pids);
      const thr0 = cpuByThread(pids);
      // Wait on a PerformanceObserver, not waitForFunction: its default requestAnimationFrame polling
      // makes Chromium render a frame 60 times a second, which costs CPU (main thread, compositor,
      // viz) that a person looking at the page would not pay.
      await page.evaluate(() => {
        window.khiTreeReady = new Promise((resolve) => {
          new PerformanceObserver((list, obs) => {
            if (list.getEntriesByName('khi:tree-ready').length === 0) return;
            obs.disconnect();
            resolve();
          }).observe({ type: 'mark' });
        });
      });
      await prof?.start();
      await page.locator('input[type=file]').setInputFiles(f);
      await page.evaluate(() => window.khiTreeReady);
      if (prof) {
        lastThreads = await prof.stop();
        if (i > 0) accumulate(profiled, lastThreads, await markWindows(page));
      }
      const cpu = cpuMs(pids) - cpu0;
      const faults = minorFaults(pids) - flt0;
      const threads = diffThreads(thr0, cpuByThread(pids));
      const perWorker = Object.keys(threads).filter((k) => k.startsWith('tid '));
      const busiestWorker = Math.max(0, ...perWorker.map((k) => threads[k]));
      for (const k of perWorker) delete threads[k];
      const peak = peakSum(pids) - idle;
      const marks = await page.evaluate(
        (names) => {
          const at = {};
          for (const n of names) at[n] = performance.getEntriesByName(n)[0]?.startTime ?? null;
          return at;
        },
        [...new Set(STAGES.flatMap((s) => [s[1], s[2]]).concat(['khi:open-start', 'khi:tree-ready']))],
      );
      const span = (a, b) => (marks[a] != null && marks[b] != null ? marks[b] - marks[a] : null);
      const run = {
        total: span('khi:open-start', 'khi:tree-ready'),
        stages: STAGES.map(([, a, b]) => span(a, b)),
        cpu,
        threads,
        busiestWorker,
        peak,
        idle,
        faults,
      };
      const files = await page.locator('.summary [data-field="files"] .sval').innerText();
      if (i === 0) console.log(`  warm-up: ${ms(run.total)} (${files} header files)`);
      else runsOut.push(run);
    }
  } finally {
    prof?.close();
    await browser.close();
  }
  if (prof) {
    console.log(`\nCPU profile (V8 sampling, ms per open, medians not taken: sums / ${runs}):`);
    console.log(report(profiled, runs));
    const dir = mkdtempSync(join(tmpdir(), 'khi-profile-'));
    console.log(`\nlast open's profiles: ${saveProfiles(lastThreads, join(dir, 'open')).join(' ')}`);
  }
  return { runs: runsOut, loaded: [...new Set(loaded)] };
}

/** Spans between consecutive khi:* marks of the open, as [label, from, to] in epoch ms. */
async function markWindows(page) {
  const marks = await page.evaluate(() =>
    performance
      .getEntriesByType('mark')
      .filter((m) => m.name.startsWith('khi:') && !m.name.startsWith('khi:worker-'))
      .map((m) => [m.name.slice(4), performance.timeOrigin + m.startTime]),
  );
  marks.sort((a, b) => a[1] - b[1]);
  return marks.slice(1).map((m, i) => [`${marks[i][0]} → ${m[0]}`, marks[i][1], m[1]]);
}

const list = (xs) => xs.map((t) => (t == null ? '—' : t.toFixed(0))).join(', ');
const med = (xs) => {
  const ok = xs.filter((x) => x != null);
  return ok.length ? median(ok) : null;
};
const mb = (n) => `${(n / 1048576).toFixed(1)} MB`;

/** One table: stages, total, CPU, memory, native and ratios, for one input. */
async function benchOne(base, f) {
  console.log(
    `\nbench:browser  ${basename(f)} (${statSync(f).size.toLocaleString('en-US')} B), ${runs} runs, headless Chromium`,
  );
  // Native both before Chromium starts and after it closes; the ratio uses the faster of the two, so a
  // machine slowed by what the browser left behind cannot flatter us.
  const before = native(f);
  const b = await browserRuns(base, f);
  const after = native(f);
  const n = before && after ? (median(before.times) <= median(after.times) ? before : after) : null;
  const total = med(b.runs.map((r) => r.total));
  const cpu = med(b.runs.map((r) => r.cpu));
  console.log('');
  console.log('| measure | median | runs |');
  console.log('|---|---|---|');
  STAGES.forEach(([label], i) => {
    const xs = b.runs.map((r) => r.stages[i]);
    console.log(`| stage: ${label} | ${med(xs) == null ? '—' : ms(med(xs))} | ${list(xs)} |`);
  });
  console.log(
    `| browser: file chosen → tree on screen | ${ms(total)} | ${list(b.runs.map((r) => r.total))} |`,
  );
  console.log(`| browser CPU (all Chromium processes) | ${ms(cpu)} | ${list(b.runs.map((r) => r.cpu))} |`);
  const kinds = new Map();
  for (const r of b.runs)
    for (const [k, v] of Object.entries(r.threads)) kinds.set(k, (kinds.get(k) ?? 0) + v);
  for (const [k] of [...kinds].sort((x, y) => y[1] - x[1]).slice(0, 8)) {
    const xs = b.runs.map((r) => r.threads[k] ?? 0);
    console.log(`| CPU, thread "${k}" | ${ms(med(xs))} | ${list(xs)} |`);
  }
  const busiest = b.runs.map((r) => r.busiestWorker);
  console.log(`| CPU, busiest worker thread (one thread) | ${ms(med(busiest))} | ${list(busiest)} |`);
  const peak = med(b.runs.map((r) => r.peak));
  const tarBytes = isXz(f) ? Number(execFileSync('bash', ['-c', 'xz -dc "$1" | wc -c', 'bash', f])) : null;
  const memGoal = tarBytes ? `; ${(peak / tarBytes).toFixed(2)}× the tar (${mb(tarBytes)}), goal ≤ 1.5×` : '';
  console.log(
    `| peak memory above idle (VmHWM, all processes) | ${mb(peak)} | ${b.runs.map((r) => mb(r.peak)).join(', ')}${memGoal} |`,
  );
  const idle = med(b.runs.map((r) => r.idle));
  console.log(
    `| RSS before the open (all processes, idle) | ${mb(idle)} | ${b.runs.map((r) => mb(r.idle)).join(', ')} |`,
  );
  const flt = b.runs.map((r) => r.faults);
  console.log(`| minor page faults during the open (all processes) | ${med(flt)} | ${flt.join(', ')} |`);
  if (n) {
    const nm = median(n.times);
    const nc = median(n.cpu);
    console.log(
      `| native: xz -dc FILE \\| tar -t | ${ms(nm)} | ${list(n.times)} (before: ${ms(median(before.times))}, after: ${ms(median(after.times))}) |`,
    );
    console.log(`| native CPU | ${ms(nc)} | ${list(n.cpu)} |`);
    console.log(`| ratio browser / native (wall) | ${(total / nm).toFixed(2)}× | |`);
    console.log(`| ratio browser / native (CPU) | ${(cpu / nc).toFixed(2)}× | |`);
  } else {
    console.log('| native baseline | n/a | input is not a bare .tar.xz |');
  }
  return b.loaded;
}

// Unminified when profiling, so the profile names functions (V8 runs it at the same speed).
if (!argv.includes('--no-build')) build(profile ? ['--minify', 'false'] : []);
const { base, stop } = await serve();
const tmp = mkdtempSync(join(tmpdir(), 'khi-bench-'));
try {
  const loaded = await benchOne(base, file);
  const two = isXz(file) && !argv.includes('--one-block') ? twoBlocks(file, tmp) : null;
  if (two) {
    console.log('\n(the same tar re-compressed as 2 xz blocks: xz -dc FILE | xz -T2 -6; goal ≤ 1.0× native)');
    await benchOne(base, two);
  }
  const js = jsSizes();
  console.log('');
  console.log(`| first-load JS (gzip) | ${kb(js.first)} | ${js.startup.join(', ')}; goal ≤ 100 KB |`);
  console.log(`| worker JS (gzip, loaded while idle) | ${kb(js.workerGz)} | |`);
  console.log(`| other chunks (gzip, on demand) | ${kb(js.lazyGz)} | |`);
  const cores = execFileSync('nproc').toString().trim();
  console.log(
    `\n(${cores} cores; JS fetched by the page: ${loaded.map((u) => new URL(u).pathname).join(', ')})`,
  );
} finally {
  stop();
  rmSync(tmp, { recursive: true, force: true });
}
