/**
 * Fuzz harness: seeded mutations of every committed fixture under test/fixtures, run through the
 * core's inspect() in a child process with a per-case time limit.
 *
 *   npm run fuzz -- --cases 5000 --seed 1          (defaults: 500 cases, seed 1, 20 s per case)
 *   npm run fuzz -- --repro <fixture> <case-seed>  (run one case in this process, print the result)
 *
 * A case fails on an exception out of inspect(), a hang (the child is killed after --limit ms) or an
 * error that is not typed (code 'internal': an exception the core caught but did not expect).
 * Failing inputs go to fuzz-crashers/ (gitignored) with a repro line. Exit code 1 if any case failed.
 * Mutations: truncate, bit flips, splice (bytes of another fixture), zero runs, length-field edits.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MAX_TIME_MS } from '../src/core/budget';
import { inspect } from '../src/core/inspect';
import { bytesSource } from '../src/core/source';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const self = fileURLToPath(import.meta.url);
/**
 * A case is a hang when it outlives the core's own time budget (which must have stopped it) by a
 * margin: wall time on a loaded machine is several times CPU time, so a tighter limit flags slow
 * but finishing cases.
 */
const HANG_LIMIT_MS = DEFAULT_MAX_TIME_MS + 30_000;

/** mulberry32: the fixture scripts' PRNG. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fixtures(dir = join(root, 'test/fixtures')): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? fixtures(p) : [relative(root, p)];
    });
}

const MUTATIONS = ['truncate', 'flip', 'splice', 'zeros', 'length'] as const;

/** One seeded mutation (1-4 steps) of `input`; `other` supplies bytes to splice in. */
export function mutate(
  input: Uint8Array,
  other: Uint8Array,
  seed: number,
): { bytes: Uint8Array; how: string[] } {
  const r = prng(seed);
  const int = (n: number): number => Math.floor(r() * n);
  let b: Uint8Array = input.slice();
  const how: string[] = [];
  for (let step = 0, steps = 1 + int(4); step < steps; step++) {
    const kind = MUTATIONS[int(MUTATIONS.length)]!;
    const at = int(b.length + 1);
    if (kind === 'truncate') b = b.slice(0, at);
    else if (kind === 'flip')
      for (let i = 0, n = 1 + int(8); i < n && b.length; i++) b[int(b.length)]! ^= 1 << int(8);
    else if (kind === 'splice') {
      const from = int(other.length + 1);
      const piece = other.subarray(from, from + int(4096));
      const cut = int(64);
      const out = new Uint8Array(at + piece.length + Math.max(0, b.length - at - cut));
      out.set(b.subarray(0, at));
      out.set(piece, at);
      out.set(b.subarray(at + cut), at + piece.length);
      b = out;
    } else if (kind === 'zeros') b.fill(0, at, at + int(8192));
    else if (kind === 'length' && b.length >= 4) {
      // A size or offset field that lies: 0, 1, all ones, a huge or a random value, LE or BE.
      const v = [0, 1, 0xffffffff, 0x7fffffff, int(0x100000000), b.length + int(1024)][int(6)]!;
      new DataView(b.buffer, b.byteOffset).setUint32(Math.min(at, b.length - 4), v, r() < 0.5);
    }
    how.push(`${kind}@${at}`);
  }
  return { bytes: b, how };
}

interface Case {
  file: string;
  seed: number;
}
interface Outcome {
  ok: boolean;
  why?: string;
}

/** Run one case; never throws. */
async function runCase(c: Case, all: string[]): Promise<Outcome> {
  const input = new Uint8Array(readFileSync(join(root, c.file)));
  const otherName = all[c.seed % all.length]!;
  const { bytes } = mutate(input, new Uint8Array(readFileSync(join(root, otherName))), c.seed);
  try {
    const { result } = await inspect(bytesSource(bytes, 'fuzz'), { maxOutput: 64 << 20, maxTimeMs: 10_000 });
    const untyped = result.errors.find((e) => e.code === 'internal');
    return untyped
      ? { ok: false, why: `untyped error: ${untyped.message} (in ${untyped.layer})` }
      : { ok: true };
  } catch (e) {
    return { ok: false, why: `exception: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` };
  }
}

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : def;
}

/** The child: runs the cases the parent sends, one at a time. */
function child(all: string[]): void {
  process.on('message', (c: Case) => {
    void runCase(c, all).then((o) => process.send!(o));
  });
  process.send!('ready');
}

/**
 * A fresh child, resolved once it has loaded the core and said 'ready': its start-up (tsx compiling
 * the core, seconds on a loaded machine) is not counted against a case's time limit.
 */
function spawnChild(): Promise<ChildProcess> {
  const proc = fork(self, ['--child'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    proc.once('message', () => resolve(proc));
    proc.once('exit', (code) => reject(new Error(`the fuzz child exited (${code}) before it was ready`)));
  });
}

/** Run one case in `proc`; a hang or a death ends (and kills) that child, and the caller starts another. */
function runInChild(proc: ChildProcess, c: Case, limit: number): Promise<Outcome & { dead?: boolean }> {
  return new Promise((resolve) => {
    const done = (o: Outcome & { dead?: boolean }): void => {
      clearTimeout(timer);
      proc.removeAllListeners('exit');
      proc.removeAllListeners('message');
      resolve(o);
    };
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      done({ ok: false, why: `hang: no result within ${limit} ms`, dead: true });
    }, limit);
    proc.once('exit', (code) =>
      done({ ok: false, why: `the child died (exit ${code}): a crash out of the core`, dead: true }),
    );
    proc.once('message', (o: Outcome) => done(o));
    proc.send(c);
  });
}

function record(c: Case, why: string, all: string[]): void {
  const dir = join(root, 'fuzz-crashers');
  mkdirSync(dir, { recursive: true });
  const name = `${c.file.replace(/[^A-Za-z0-9.-]+/g, '_')}-${c.seed}`;
  const other = new Uint8Array(readFileSync(join(root, all[c.seed % all.length]!)));
  writeFileSync(
    join(dir, `${name}.bin`),
    mutate(new Uint8Array(readFileSync(join(root, c.file))), other, c.seed).bytes,
  );
  const repro = `npm run fuzz -- --repro ${c.file} ${c.seed}`;
  writeFileSync(join(dir, `${name}.txt`), `${why}\n\nrepro: ${repro}\n`);
  console.error(`FAIL ${c.file} seed ${c.seed}: ${why.split('\n')[0]}\n  repro: ${repro}`);
}

async function parent(all: string[]): Promise<number> {
  const cases = arg('--cases', 500);
  const seed = arg('--seed', 1);
  const limit = arg('--limit', HANG_LIMIT_MS);
  const r = prng(seed);
  const list: Case[] = Array.from({ length: cases }, () => ({
    file: all[Math.floor(r() * all.length)]!,
    seed: Math.floor(r() * 0x7fffffff),
  }));
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let failures = 0;
  let proc = await spawnChild();
  for (const [i, c] of list.entries()) {
    const outcome = await runInChild(proc, c, limit);
    if (outcome.dead) proc = await spawnChild();
    if (!outcome.ok) {
      failures++;
      record(c, outcome.why ?? '?', all);
    }
    if ((i + 1) % 250 === 0) console.log(`${i + 1}/${cases} cases, ${failures} failures`);
  }
  proc.kill();
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `fuzz: ${cases} cases over ${all.length} fixtures, seed ${seed}: ${failures} failures in ${secs} s ` +
      `(harness CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; the cases run in a child process)`,
  );
  return failures === 0 ? 0 : 1;
}

async function main(): Promise<void> {
  const all = fixtures();
  if (process.argv.includes('--child')) return child(all);
  if (process.argv.includes('--repro')) {
    const i = process.argv.indexOf('--repro');
    const c = { file: process.argv[i + 1]!, seed: Number(process.argv[i + 2]) };
    const input = new Uint8Array(readFileSync(join(root, c.file)));
    const other = new Uint8Array(readFileSync(join(root, all[c.seed % all.length]!)));
    console.log(mutate(input, other, c.seed).how);
    const o = await runCase(c, all);
    console.log(o.ok ? 'ok' : o.why);
    process.exitCode = o.ok ? 0 : 1;
    return;
  }
  process.exitCode = await parent(all);
}

// Run only as a script (the unit test imports mutate()).
if (process.argv[1] && resolve(process.argv[1]) === self) await main();
