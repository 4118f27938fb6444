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

/** One run under /usr/bin/time: wall and user+sys of the whole process tree in ms, minor faults. */
function once(cmd) {
  const out = join(tmp, 'time');
  const r = spawnSync('/usr/bin/time', ['-o', out, '-f', '%e %U %S %R', 'sh', '-c', cmd], {
    stdio: 'ignore',
  });
  if (r.status !== 0) throw new Error(`failed: ${cmd}`);
  const [e, u, s, f] = readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
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
if (part('start'))
  report(
    'start (target ≤ 100 ms)',
    race([
      { name: 'kheaders-inspector --help', cmd: `node ${bin} --help >/dev/null` },
      { name: 'kheaders-inspector --version', cmd: `node ${bin} --version >/dev/null` },
      { name: 'node -e 0 (floor)', cmd: `node -e 0` },
    ]),
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
      { name: 'kheaders-inspector --config', cmd: `node ${bin} --config ${q(p)} >/dev/null` },
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
