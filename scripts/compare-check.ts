#!/usr/bin/env -S npx tsx
/**
 * Check the comparison of two real artifacts against the native tools, skipping nothing:
 *   - each side's tar (as the core decoded it) extracted by GNU tar, then `diff -rq --no-dereference`
 *     over the two trees, line for line against our statuses (test/kit/compare.ts);
 *   - `diff -u` for every changed regular file, byte for byte against our hunks;
 *   - every path on both sides: mode, mtime, owner and link target from `tar -tv --full-time
 *     --numeric-owner` against our metadata-only fields (and 'same' where tar shows no difference).
 * Not part of npm test (the real artifacts are not committed). Exit 0 when everything agrees.
 *
 *   npx tsx scripts/compare-check.ts A B
 *   e.g. A = kheaders-6.1.0-56-amd64.tar.xz, B = bzImage-6.1.192-tiny-ikheaders-xz
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { changedEntries, compareResults, hashEntries } from '../src/core/compare/compare';
import { asDiffRq, ourUnified } from '../test/kit/compare';
import type { DiffNode, MetaField } from '../src/core/compare/tree-diff';
import { inspect, type Inspection } from '../src/core/inspect';
import { bytesSource } from '../src/core/source';

const files = process.argv.slice(2);
if (files.length !== 2) {
  console.error('usage: npx tsx scripts/compare-check.ts A B');
  process.exit(2);
}
const env = { ...process.env, LC_ALL: 'C' };
const dir = mkdtempSync(join(tmpdir(), 'khi-compare-check-'));
let failures = 0;
const fail = (what: string): void => {
  failures++;
  if (failures <= 40) console.log(`MISMATCH ${what}`);
};

interface TarMeta {
  perm: string;
  owner: string;
  mtime: string;
  target: string;
}

/** path → metadata, from GNU tar's verbose listing of the decoded tar. */
function listing(tarFile: string): Map<string, TarMeta> {
  const out = new Map<string, TarMeta>();
  const text = execFileSync('tar', ['-tvf', tarFile, '--full-time', '--numeric-owner'], {
    env,
    maxBuffer: 1 << 28,
  }).toString('latin1');
  // "-rw-r--r-- 0/0   1234 2023-11-14 22:13:20 ./include/x.h" or "... ./a -> b"
  const re = /^(\S{10}) (\d+\/\d+) +\d+ (\S+ \S+) (.*)$/;
  for (const line of text.split('\n')) {
    const m = re.exec(line);
    if (!m) continue;
    const [, perm, owner, mtime, rest] = m as unknown as [string, string, string, string, string];
    const arrow = perm[0] === 'l' ? rest.indexOf(' -> ') : -1;
    const name = arrow >= 0 ? rest.slice(0, arrow) : rest;
    const path = name.replace(/^\.\//, '').replace(/\/$/, '');
    out.set(path, { perm, owner, mtime, target: arrow >= 0 ? rest.slice(arrow + 4) : '' });
  }
  return out;
}

async function open(path: string, side: 'a' | 'b'): Promise<{ ins: Inspection; meta: Map<string, TarMeta> }> {
  const ins = await inspect(bytesSource(readFileSync(path), basename(path)));
  if (!ins.tar) throw new Error(`${path}: no header archive found`);
  const tarFile = join(dir, `${side}.tar`);
  writeFileSync(tarFile, ins.tar);
  mkdirSync(join(dir, side));
  execFileSync('tar', ['-xf', tarFile, '-C', join(dir, side)], { env });
  return { ins, meta: listing(tarFile) };
}

function walk(n: DiffNode, visit: (n: DiffNode) => void): void {
  visit(n);
  for (const k of n.children ?? []) walk(k, visit);
}

try {
  const t0 = performance.now();
  const [A, B] = [await open(files[0]!, 'a'), await open(files[1]!, 'b')];
  const cmp = compareResults(
    { result: A.ins.result, hashes: hashEntries(A.ins.result.entries, A.ins.tar) },
    { result: B.ins.result, hashes: hashEntries(B.ins.result.entries, B.ins.tar) },
  );
  const t = cmp.totals;
  console.log(
    `${basename(files[0]!)} (${A.ins.result.entries.length} entries) → ${basename(files[1]!)} ` +
      `(${B.ins.result.entries.length} entries): ${t.changed} changed, ${t.added} added, ` +
      `${t.removed} removed, ${t.meta} metadata only, ${t.same} same`,
  );

  // 1. diff -rq --no-dereference
  const rq = spawnSync('diff', ['-rq', '--no-dereference', 'a', 'b'], { cwd: dir, env, maxBuffer: 1 << 28 });
  const gnu = rq.stdout.toString('latin1').split('\n').filter(Boolean).sort();
  const ours = asDiffRq(cmp, A.ins.result.entries, B.ins.result.entries);
  const gnuSet = new Set(gnu);
  const oursSet = new Set(ours);
  for (const l of gnu) if (!oursSet.has(l)) fail(`diff -rq only: ${l}`);
  for (const l of ours) if (!gnuSet.has(l)) fail(`ours only: ${l}`);
  console.log(`diff -rq: ${gnu.length} lines, ours ${ours.length}`);

  // 2. diff -u on every changed regular file
  let hunked = 0;
  for (const { status, path, node } of changedEntries(cmp.tree)) {
    if (status !== 'changed' || node.meta?.includes('type') || node.children) continue;
    const a = A.ins.read(path);
    const b = B.ins.read(path);
    if (!a || !b) {
      fail(`cannot read ${path}`);
      continue;
    }
    const r = spawnSync('diff', ['-u', `a/${path}`, `b/${path}`], { cwd: dir, env, maxBuffer: 1 << 28 });
    const want = r.stdout.subarray(r.stdout.indexOf('\n@@') + 1);
    if (!ourUnified(a, b).equals(want)) fail(`diff -u differs for ${path}`);
    hunked++;
  }
  console.log(`diff -u: ${hunked} changed files compared`);

  // 3. metadata of every path on both sides
  let checked = 0;
  walk(cmp.tree, (n) => {
    const ma = A.meta.get(n.path);
    const mb = B.meta.get(n.path);
    if (n.path === '' || !ma || !mb || n.entryA < 0 || n.entryB < 0) return;
    checked++;
    const want: MetaField[] = [];
    if (ma.perm[0] !== mb.perm[0]) want.push('type');
    if (ma.perm.slice(1) !== mb.perm.slice(1)) want.push('mode');
    if (ma.mtime !== mb.mtime) want.push('mtime');
    if (ma.owner !== mb.owner) want.push('owner');
    if (ma.target !== mb.target) want.push('target');
    const got = (n.meta ?? []).join(',');
    if (got !== want.join(',')) fail(`metadata of ${n.path}: ours [${got}], tar -tv [${want.join(',')}]`);
    const bytesEqual = n.own !== 'changed' || want.includes('type');
    if (!bytesEqual && gnuSet.has(`Files a/${n.path} and b/${n.path} differ`) === false)
      fail(`${n.path} changed for us, not for diff -rq`);
  });
  console.log(`metadata: ${checked} paths on both sides compared with tar -tv`);
  console.log(
    failures === 0
      ? `OK: everything agrees (${((performance.now() - t0) / 1000).toFixed(1)} s)`
      : `${failures} mismatches`,
  );
  process.exitCode = failures === 0 ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
