/**
 * npm run bench — the core's speed next to native tools, measured in the same run (medians of N).
 *   - open a kheaders archive to a full tree vs `xz -dc | tar -t`
 *   - each codec's decode MB/s vs its native CLI on the same data
 *   - scanner throughput
 * Inputs: BENCH_ARCHIVE (a kheaders .tar.xz; default ../shared/fixtures/kheaders-6.1.0-56-amd64.tar.xz
 * when present, else the small committed fixture), BENCH_RUNS (default 5).
 */
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codecById } from '../src/core/formats';
import type { CodecId } from '../src/core/formats/contract';
import { findMarkers } from '../src/core/formats/markers/markers';
import { codecs } from '../src/core/formats';
import { inspect } from '../src/core/inspect';
import { findMagics } from '../src/core/scan';
import { bytesSource } from '../src/core/source';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** BENCH_ONLY=open,xz,zstd,scan … runs only those parts (codec ids, 'open', 'scan'). */
const ONLY = process.env.BENCH_ONLY?.split(',') ?? null;
const want = (part: string): boolean => ONLY === null || ONLY.includes(part);
const shared = '../shared/fixtures/kheaders-6.1.0-56-amd64.tar.xz';
const archive =
  process.env.BENCH_ARCHIVE ?? (existsSync(shared) ? shared : 'test/fixtures/e2e/kheaders.tar.xz');

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** Wall and CPU (user+sys) time of one run, in ms. */
interface Took {
  wall: number;
  cpu: number;
}
/** Medians of RUNS runs of an in-process function (CPU: this process). */
async function time(fn: () => unknown): Promise<Took> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}
/** Medians of RUNS runs of a shell pipeline (CPU: all its processes, from bash's `times`). */
function timeShell(cmd: string): Took {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync('/bin/bash', ['-c', `${cmd}\ntimes`], { encoding: 'utf8' });
    wall.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${cmd}: ${r.stderr}`);
    const last = r.stdout.trim().split('\n').pop()!; // children: "0m0.288s 0m0.020s"
    const secs = [...last.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
    cpu.push((secs[0]! + secs[1]!) * 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}
const sh = (cmd: string): void => {
  execSync(cmd, { stdio: ['ignore', 'ignore', 'inherit'], shell: '/bin/bash' });
};
const has = (tool: string): boolean => {
  try {
    execSync(`command -v ${tool}`, { stdio: 'ignore', shell: '/bin/bash' });
    return true;
  } catch {
    return false;
  }
};

const rows: string[][] = [];
const row = (what: string, ours: Took, native: Took | null, mb: number): void => {
  const n = native;
  rows.push([
    what,
    `${ours.wall.toFixed(0)} ms`,
    `${ours.cpu.toFixed(0)} ms`,
    `${(mb / (ours.wall / 1000)).toFixed(0)} MB/s`,
    n === null ? '—' : `${n.wall.toFixed(0)} ms`,
    n === null ? '—' : `${n.cpu.toFixed(0)} ms`,
    n === null ? '—' : `${(ours.wall / n.wall).toFixed(2)}×`,
    n === null ? '—' : `${(ours.cpu / n.cpu).toFixed(2)}×`,
  ]);
};

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${RUNS} runs each (medians); archive: ${archive}\n`);
  const tmp = mkdtempSync(join(tmpdir(), 'khi-bench-'));
  try {
    // 1. Open the archive to a full tree, as the app does.
    const input = new Uint8Array(readFileSync(archive));
    let tarBytes = 0;
    if (want('open')) {
      const ours = await time(async () => {
        // inspect builds the tree once (ins.tree), as the worker does; building it again here
        // counted tree time twice.
        const ins = await inspect(bytesSource(input, 'kheaders.tar.xz'));
        if (ins.tree === null) throw new Error(`${archive}: no header tree`);
        tarBytes = ins.result.headers?.tarBytes ?? 0;
      });
      const native = timeShell(`xz -dc '${archive}' | tar -tf - > /dev/null`);
      row('open archive → tree (vs xz -dc | tar -t)', ours, native, tarBytes / 1e6);
    }

    // 2. Each codec on the same tar, compressed the way the kernel build does.
    const tar = join(tmp, 'data.tar');
    sh(`xz -dc '${archive}' > ${tar}`);
    const data = readFileSync(tar);
    const mb = data.length / 1e6;
    const cases: { id: CodecId; tool: string; make: string; native: string; trailer: boolean }[] = [
      { id: 'xz', tool: 'xz', make: `xz -c ${tar}`, native: 'xz -dc', trailer: false },
      {
        id: 'xz',
        tool: 'xz',
        make: `xz --check=crc32 --x86 --lzma2=dict=32MiB -c ${tar}`,
        native: 'xz -dc',
        trailer: true,
      },
      { id: 'gzip', tool: 'gzip', make: `gzip -9 -n -c ${tar}`, native: 'gzip -dc', trailer: false },
      {
        id: 'zstd',
        tool: 'zstd',
        make: `zstd -q -22 --ultra -c ${tar}`,
        native: 'zstd -q -dc',
        trailer: true,
      },
      { id: 'lz4-legacy', tool: 'lz4', make: `lz4 -q -l -9 -c ${tar}`, native: 'lz4 -q -dc', trailer: true },
      { id: 'lzma', tool: 'lzma', make: `lzma -9 -c ${tar}`, native: 'lzma -dc', trailer: true },
      // A plain .lzma file: no size in the header, no kbuild trailer (the output size is a guess).
      { id: 'lzma', tool: 'lzma', make: `lzma -9 -c ${tar}`, native: 'lzma -dc', trailer: false },
      { id: 'bzip2', tool: 'bzip2', make: `bzip2 -9 -c ${tar}`, native: 'bzip2 -dc', trailer: true },
      { id: 'lzo', tool: 'lzop', make: `lzop -9 -c ${tar}`, native: 'lzop -dc', trailer: true },
    ];
    for (const c of cases) {
      const codec = codecById(c.id);
      if (!codec || !has(c.tool) || !want(c.id)) continue;
      const f = join(tmp, `data.${c.id}`);
      sh(`${c.make} > ${f}`);
      let comp = new Uint8Array(readFileSync(f));
      if (c.trailer) {
        const t = new Uint8Array(comp.length + 4);
        t.set(comp);
        new DataView(t.buffer).setUint32(comp.length, data.length >>> 0, true);
        comp = t;
        writeFileSync(f + '.k', t);
      }
      let outLen = 0;
      const t = await time(async () => {
        const r = await codec.decode(comp, { maxOutput: 1 << 30 });
        if (r.error) throw new Error(`${c.id}: ${r.error.message}`);
        outLen = r.output.length;
      });
      if (outLen !== data.length)
        throw new Error(`${c.id}: decoded ${outLen} bytes, expected ${data.length}`);
      const n = timeShell(`${c.native} < ${f} > /dev/null`);
      const label = c.make.includes('--x86')
        ? 'xz (kernel: x86 BCJ, CRC32)'
        : c.id === 'xz'
          ? 'xz (kheaders: CRC64)'
          : c.id === 'lzma' && !c.trailer
            ? 'lzma (no size trailer)'
            : c.id;
      row(`decode ${label}`, t, n, mb);
    }

    // 3. The scanner on 200 MiB: text-like data (the tar repeated) and random bytes.
    if (want('scan')) {
      const big = new Uint8Array(200 << 20);
      for (let o = 0; o < big.length; o += data.length)
        big.set(data.subarray(0, Math.min(data.length, big.length - o)), o);
      const tm = await time(() => findMarkers(big));
      row('scan markers IKCFG/IKHD, 200 MiB text', tm, null, big.length / 1e6);
      const ta = await time(() => findMagics(big, codecs));
      row(`scan ${codecs.length} codec magics together, 200 MiB text`, ta, null, big.length / 1e6);
      row(
        `scan, per magic (${codecs.length} passes)`,
        { wall: ta.wall / codecs.length, cpu: ta.cpu / codecs.length },
        null,
        big.length / 1e6,
      );
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const head = [
    'what',
    'ours wall',
    'ours CPU',
    'ours MB/s',
    'native wall',
    'native CPU',
    'ratio wall',
    'ratio CPU',
  ];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => '| ' + r.map((c, i) => c.padEnd(w[i]!)).join(' | ') + ' |';
  console.log(line(head));
  console.log('|' + w.map((x) => '-'.repeat(x + 2)).join('|') + '|');
  rows.forEach((r) => console.log(line(r)));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
