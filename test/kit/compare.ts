/**
 * Test helpers: the compare fixture pair (scripts/fixtures/compare.mjs) opened by the real core,
 * and our comparison rendered the way GNU `diff -rq --no-dereference` reports it (used by the unit
 * tests and by scripts/compare-check.ts over real artifacts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect, type Inspection } from '../../src/core/inspect';
import { bytesSource } from '../../src/core/source';
import type { TarEntry } from '../../src/core/types';
import { changedEntries, type Comparison } from '../../src/core/compare/compare';
import { diffLines, hunks, splitLines } from '../../src/core/compare/line-diff';
import { unifiedBytes } from '../../src/core/compare/unified';
import type { DiffNode } from '../../src/core/compare/tree-diff';

const fixtures = fileURLToPath(new URL('../fixtures', import.meta.url));

export const compareFixtures = {
  a: join(fixtures, 'compare', 'kheaders-a.tar.xz'),
  b: join(fixtures, 'compare', 'kheaders-b.tar.xz'),
};

/** Committed artifacts of other kinds (scripts/fixtures/e2e.mjs, containers.mjs). */
export const kindFixtures = {
  tarXz: join(fixtures, 'e2e', 'kheaders.tar.xz'),
  bzImage: join(fixtures, 'e2e', 'bzImage-fixture.bin'),
  bootImg: join(fixtures, 'containers', 'boot-v2.img'),
  zboot: join(fixtures, 'containers', 'zboot-zstd.efi'),
};

export function openFixture(path: string): Promise<Inspection> {
  return inspect(bytesSource(readFileSync(path), path.slice(path.lastIndexOf('/') + 1)));
}

/** The node at `path` ("" is the root); throws when there is none. */
export function diffNode(tree: DiffNode, path: string): DiffNode {
  let n = tree;
  if (path === '') return n;
  for (const name of path.split('/')) {
    const k = n.children?.find((c) => c.name === name);
    if (!k) throw new Error(`no ${path} in the diff tree`);
    n = k;
  }
  return n;
}

const KIND: Record<string, string> = { file: 'regular file', symlink: 'symbolic link', dir: 'directory' };

/**
 * What `diff -rq --no-dereference a b` prints for this comparison (sorted lines), with the two
 * extracted trees at `a` and `b`.
 */
export function asDiffRq(
  cmp: Comparison,
  entriesA: readonly TarEntry[],
  entriesB: readonly TarEntry[],
): string[] {
  const out: string[] = [];
  const parentOf = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
  for (const { status, node: n } of changedEntries(cmp.tree)) {
    const parent = parentOf(n.path);
    const up = diffNode(cmp.tree, parent);
    if (status === 'added' || status === 'removed') {
      if (up.own === status) continue; // diff names only the top-most folder that is new or gone
      out.push(`Only in ${status === 'added' ? 'b' : 'a'}${parent ? `/${parent}` : ''}: ${n.name}`);
    } else if (status === 'changed' && n.meta?.includes('type')) {
      const ta = KIND[entriesA[n.entryA]!.type];
      const tb = KIND[entriesB[n.entryB]!.type];
      out.push(`File a/${n.path} is a ${ta} while file b/${n.path} is a ${tb}`);
    } else if (status === 'changed') out.push(`Files a/${n.path} and b/${n.path} differ`);
    else if (n.meta?.includes('target')) out.push(`Symbolic links a/${n.path} and b/${n.path} differ`);
  }
  return out.sort();
}

/** Our hunks for two files' bytes, as `diff -u` prints them after its two header lines. */
export function ourUnified(a: Uint8Array, b: Uint8Array): Buffer {
  const la = splitLines(a);
  const lb = splitLines(b);
  return Buffer.from(unifiedBytes(la, lb, hunks(diffLines(la, lb), la.count, lb.count)));
}
