/**
 * The file diff against GNU `diff -rq --no-dereference` and the line diff against `diff -u`, over
 * the extracted fixture pair; plus the statuses diff cannot see (metadata-only), folder aggregates
 * and the config diff.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inspection } from '../inspect';
import { changedEntries, compareResults, hashEntries, identical, type Comparison } from './compare';
import { asDiffRq, compareFixtures, diffNode, openFixture, ourUnified } from '../../../test/kit/compare';
import type { DiffNode } from './tree-diff';

const env = { ...process.env, LC_ALL: 'C' };
let dir = '';
let A: Inspection;
let B: Inspection;
let cmp: Comparison;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'khi-compare-'));
  for (const side of ['a', 'b'] as const) {
    mkdirSync(join(dir, side));
    execFileSync('tar', ['-xJf', compareFixtures[side], '-C', join(dir, side)]);
  }
  [A, B] = await Promise.all([openFixture(compareFixtures.a), openFixture(compareFixtures.b)]);
  cmp = compareResults(
    { result: A.result, hashes: hashEntries(A.result.entries, A.tar) },
    { result: B.result, hashes: hashEntries(B.result.entries, B.tar) },
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const node = (path: string): DiffNode => diffNode(cmp.tree, path);

describe('compare the fixture pair', () => {
  it('lists the same differences as diff -rq --no-dereference', () => {
    const r = spawnSync('diff', ['-rq', '--no-dereference', 'a', 'b'], { cwd: dir, env });
    expect(r.status).toBe(1);
    const gnu = r.stdout.toString().trim().split('\n').sort();
    expect(asDiffRq(cmp, A.result.entries, B.result.entries)).toEqual(gnu);
  });

  it('prints the same hunks as diff -u for every changed file', () => {
    const changed = changedEntries(cmp.tree).filter(
      (c) => c.status === 'changed' && !c.node.meta?.includes('type'),
    );
    expect(changed.length).toBeGreaterThanOrEqual(4);
    for (const { path } of changed) {
      const ours = ourUnified(A.read(path)!, B.read(path)!);
      const r = spawnSync('diff', ['-u', `a/${path}`, `b/${path}`], { cwd: dir, env });
      const gnu = r.stdout.subarray(r.stdout.indexOf('\n@@') + 1);
      expect(ours.toString('latin1'), path).toBe(gnu.toString('latin1'));
    }
  });

  it('finds the metadata-only changes diff cannot see', () => {
    expect(node('include/linux/mode_only.h')).toMatchObject({ status: 'meta', meta: ['mode'] });
    expect(node('include/linux/mtime_only.h')).toMatchObject({ status: 'meta', meta: ['mtime'] });
    expect(node('include/linux/owner_only.h')).toMatchObject({ status: 'meta', meta: ['owner'] });
    expect(node('arch/x86/include/asm')).toMatchObject({
      status: 'meta',
      meta: ['target'],
      linkA: 'asm-x86',
      linkB: 'asm-generic',
    });
    expect(node('include/linux/becomes_link.h')).toMatchObject({ status: 'changed', type: 'symlink' });
    expect(node('include/linux/types.h').status).toBe('same');
  });

  it('aggregates counts and sizes on folders', () => {
    const legacy = node('include/legacy');
    expect(legacy).toMatchObject({ status: 'removed', sizeB: null, counts: { removed: 2 } });
    const rust = node('include/rust');
    expect(rust).toMatchObject({ status: 'added', sizeA: null, counts: { added: 2 } });
    expect(rust.sizeB).toBe(node('include/rust/bindings.h').sizeB! + node('include/rust/helpers.h').sizeB!);
    const t = cmp.totals;
    expect(t).toMatchObject({ added: 4, removed: 3, changed: 5, meta: 4 });
    const bytes = (ins: Inspection): number =>
      ins.result.entries.filter((e) => e.type === 'file').reduce((s, e) => s + e.size, 0);
    expect([t.bytesA, t.bytesB]).toEqual([bytes(A), bytes(B)]);
    expect(identical(cmp)).toBe(false);
  });

  it('diffs the configs rebuilt from autoconf.h', () => {
    expect(cmp.config!.changes).toEqual([
      { name: 'CONFIG_HZ', kind: 'changed', old: '250', new: '1000' },
      { name: 'CONFIG_IKHEADERS', kind: 'changed', old: 'm', new: 'y' },
      { name: 'CONFIG_LOCALVERSION', kind: 'changed', old: '"-a"', new: '"-b"' },
      { name: 'CONFIG_NEW_FEATURE', kind: 'added', old: null, new: 'm' },
      { name: 'CONFIG_OLD_FEATURE', kind: 'removed', old: 'y', new: null },
    ]);
  });

  it('an archive compared with itself is identical', () => {
    const side = { result: A.result, hashes: hashEntries(A.result.entries, A.tar) };
    const self = compareResults(side, side);
    expect(identical(self)).toBe(true);
    expect(changedEntries(self.tree)).toEqual([]);
  });
});
