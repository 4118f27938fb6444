#!/usr/bin/env node
// node bench/cli.mjs — the built command next to the native tools, in the same run (medians of N,
// runs interleaved so machine load hits both sides alike). Wall, CPU (user+sys) and minor page
// faults per command.
//   start:   --help, --version                      (target ≤ 100 ms)
//   tree:    FILE (the default report) vs xz -dc ARCHIVE | tar -t (target ≤ 1.2×), and the same
//            command under GLIBC_TUNABLES=glibc.malloc.hugetlb=1 (glibc ≥ 2.35 asks for transparent
//            huge pages on its large blocks: the 31.7 MB tar is then a few 2 MiB faults instead of
//            ~7,750 4 KiB ones; a launcher setting, shown for comparison)
//   config:  --config IMAGE vs scripts/extract-ikconfig IMAGE   (target ≤ 1.5×)
//   extract: --extract DIR ARCHIVE vs xz -dc ARCHIVE | tar -x -C DIR (target ≤ 1.3×), DIR in the
//            temporary folder (on disk) and in /dev/shm (memory: the writes cost little, the decode
//            shows) when it exists
// Env: BENCH_RUNS (default 7); KHI_FIXTURES (default ../shared/fixtures); EXTRACT_IKCONFIG (path of
// the kernel's scripts/extract-ikconfig, GPL, not in this repository; the config rows need it);
// BENCH_ONLY (e.g. "extract" or "start,tree,config": only those parts).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const fx = process.env.KHI_FIXTURES ?? '../shared/fixtures';
const ikc = process.env.EXTRACT_IKCONFIG;
const bin = 'dist-cli/kheaders-inspector.mjs';
execFileSync(process.execPath, ['scripts/build-cli.mjs', '--if-stale']);
const tmp = mkdtempSync(join(tmpdir(), 'khi-bench-'));
const only = process.env.BENCH_ONLY?.split(',');
const part = (name) => !only || only.includes(name);

/**
 * One run: wall and user+sys of the whole process tree in ms from bash's `time` (millisecond
 * resolution; /usr/bin/time's %e/%U/%S are in hundredths, too coarse for 50-100 ms commands), and
 * minor faults from /usr/bin/time around it (bash's own few hundred are the same for every row).
 */
function once(cmd) {
  const faults = join(tmp, 'faults');
  const times = join(tmp, 'times');
  const timed = `TIMEFORMAT='%3R %3U %3S'; { time { ${cmd} ; } 2>/dev/null ; } 2> ${times}`;
  const r = spawnSync('/usr/bin/time', ['-o', faults, '-f', '%R %x', 'bash', '-c', timed], {
    stdio: 'ignore',
  });
  const [f, code] = readFileSync(faults, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  if (r.status !== 0 || code !== 0) throw new Error(`failed: ${cmd}`);
  const [e, u, s] = readFileSync(times, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { wall: e * 1000, cpu: (u + s) * 1000, faults: f };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Interleave the commands RUNS times; `before` runs untimed ahead of each (e.g. clear a folder). */
function race(rows) {
  const got = rows.map(() => ({ wall: [], cpu: [], faults: [] }));
  for (let i = 0; i < RUNS; i++)
    rows.forEach((row, j) => {
      row.before?.();
      const t = once(row.cmd);
      for (const k of ['wall', 'cpu', 'faults']) got[j][k].push(t[k]);
    });
  return rows.map((row, j) => ({
    name: row.name,
    wall: median(got[j].wall),
    cpu: median(got[j].cpu),
    faults: median(got[j].faults),
  }));
}

function report(title, res, target) {
  console.log(`\n${title}`);
  const base = res[res.length - 1];
  for (const r of res) {
    const ratio =
      r === base || !target
        ? ''
        : `  ${(r.wall / base.wall).toFixed(2)}× wall, ${(r.cpu / base.cpu).toFixed(2)}× cpu (target ≤ ${target}×)`;
    console.log(
      `  ${r.name.padEnd(44)} ${r.wall.toFixed(0).padStart(6)} ms wall ${r.cpu.toFixed(0).padStart(6)} ms cpu` +
        ` ${String(r.faults).padStart(6)} faults${ratio}`,
    );
  }
}

const q = (p) => `'${p.replace(/'/g, `'\\''`)}'`;
/**
 * Rows also run without NODE_EXTRA_CA_CERTS when it is set (this VM sets it): Node then loads the
 * extra certificates at start, before any JavaScript (~35 ms here: `node -e 0` 57 → 22 ms), though
 * the CLI makes no network connection. A machine that does not set it sees the second row.
 */
const caCerts = process.env.NODE_EXTRA_CA_CERTS
  ? [
      ['', ''],
      [' (no CA env)', 'env -u NODE_EXTRA_CA_CERTS '],
    ]
  : [['', '']];
if (part('start'))
  report(
    'start (target ≤ 100 ms)',
    race(
      caCerts.flatMap(([tag, env]) => [
        { name: `kheaders-inspector --help${tag}`, cmd: `${env}node ${bin} --help >/dev/null` },
        { name: `kheaders-inspector --version${tag}`, cmd: `${env}node ${bin} --version >/dev/null` },
        { name: `node -e 0 (floor)${tag}`, cmd: `${env}node -e 0` },
      ]),
    ),
  );

const archive = join(fx, 'kheaders-6.1.0-56-amd64.tar.xz');
if (part('tree') && existsSync(archive))
  report(
    'kheaders-6.1.0-56-amd64.tar.xz → report (tree, facts, config)',
    race([
      { name: 'kheaders-inspector FILE', cmd: `node ${bin} ${q(archive)} >/dev/null` },
      {
        name: '… with glibc.malloc.hugetlb=1',
        cmd: `GLIBC_TUNABLES=glibc.malloc.hugetlb=1 node ${bin} ${q(archive)} >/dev/null`,
      },
      { name: 'xz -dc | tar -t', cmd: `xz -dc ${q(archive)} | tar -t >/dev/null` },
    ]),
    1.2,
  );

for (const img of part('config')
  ? ['bzImage-6.1.192-tiny-ikheaders-xz', 'Image-6.1.192-tiny-arm64-ikheaders.gz']
  : []) {
  const p = join(fx, img);
  if (!existsSync(p) || !ikc) {
    console.log(`\nconfig ${img}: skipped (needs ${fx} and EXTRACT_IKCONFIG)`);
    continue;
  }
  report(
    `--config ${img}`,
    race([
      ...caCerts.map(([tag, env]) => ({
        name: `kheaders-inspector --config${tag}`,
        cmd: `${env}node ${bin} --config ${q(p)} >/dev/null`,
      })),
      { name: 'extract-ikconfig', cmd: `${q(ikc)} ${q(p)} >/dev/null` },
    ]),
    1.5,
  );
}

const dirs = [['on disk', tmp]];
if (existsSync('/dev/shm')) dirs.push(['in /dev/shm', mkdtempSync('/dev/shm/khi-bench-')]);
for (const [where, base] of existsSync(archive) && part('extract') ? dirs : []) {
  const a = join(base, 'a');
  const b = join(base, 'b');
  const clear = (d) => () => {
    rmSync(d, { recursive: true, force: true });
    execFileSync('mkdir', ['-p', d]);
  };
  report(
    `--extract kheaders-6.1.0-56-amd64.tar.xz, DIR ${where}`,
    race([
      {
        name: 'kheaders-inspector --extract',
        before: clear(a),
        cmd: `node ${bin} --extract ${a} ${q(archive)} >/dev/null`,
      },
      { name: 'xz -dc | tar -x', before: clear(b), cmd: `xz -dc ${q(archive)} | tar -x -C ${b}` },
    ]),
    1.3,
  );
}
for (const [, d] of dirs) rmSync(d, { recursive: true, force: true });
rmSync(tmp, { recursive: true, force: true });
