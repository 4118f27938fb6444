/**
 * Compare two inspected artifacts: the union file tree with statuses and totals, and the config
 * diff. Content hashes come from `hashEntries` (computed once per archive, in the worker).
 */
import { contentHash } from './content-hash';
import { diffConfigs, type ConfigDiff } from './config-diff';
import { diffTrees, STATUSES, type DiffCounts, type DiffNode, type DiffStatus } from './tree-diff';
import { sharedFileData } from '../tar';
import type { InspectResult, TarEntry } from '../types';

export interface CompareTotals extends DiffCounts {
  /** Sum of regular file sizes on each side. */
  bytesA: number;
  bytesB: number;
}

export interface Comparison {
  tree: DiffNode;
  totals: CompareTotals;
  /** null when either side has no config. */
  config: ConfigDiff | null;
}

/** A content hash per regular file (null for other entries), aligned with `entries`. */
export function hashEntries(entries: readonly TarEntry[], tar: Uint8Array | null): (string | null)[] {
  const read = sharedFileData();
  return entries.map((e) => {
    const data = e.type === 'file' && tar ? read(tar, e) : null;
    return data ? contentHash(data) : null;
  });
}

interface CompareSide {
  result: InspectResult;
  hashes: readonly (string | null)[];
}

export function compareResults(a: CompareSide, b: CompareSide): Comparison {
  const tree = diffTrees(
    { entries: a.result.entries, hashes: a.hashes },
    { entries: b.result.entries, hashes: b.hashes },
  );
  const totals: CompareTotals = { ...tree.counts, bytesA: tree.sizeA ?? 0, bytesB: tree.sizeB ?? 0 };
  const config =
    a.result.configText !== null && b.result.configText !== null
      ? diffConfigs(a.result.configText, b.result.configText)
      : null;
  return { tree, totals, config };
}

/** The two sides are the same: no file differs in any way and the configs agree. */
export function identical(c: Comparison): boolean {
  const t = c.totals;
  const cfg = c.config;
  return (
    t.added + t.removed + t.changed + t.meta === 0 &&
    c.tree.status === 'same' &&
    (cfg === null || cfg.changes.length === 0)
  );
}

/** Status letters of the CLI's list: A added, D removed, M changed, T metadata only. */
export const STATUS_LETTER: Record<Exclude<DiffStatus, 'same'>, string> = {
  added: 'A',
  removed: 'D',
  changed: 'M',
  meta: 'T',
};

/** Every entry whose own status is not 'same', depth first in name order (folders end in "/"). */
export function changedEntries(
  tree: DiffNode,
): { status: Exclude<DiffStatus, 'same'>; path: string; node: DiffNode }[] {
  const out: { status: Exclude<DiffStatus, 'same'>; path: string; node: DiffNode }[] = [];
  const visit = (n: DiffNode): void => {
    if (n.path !== '' && n.own !== 'same')
      out.push({ status: n.own, path: n.children ? `${n.path}/` : n.path, node: n });
    if (n.status === 'same') return;
    for (const k of n.children ?? []) visit(k);
  };
  visit(tree);
  return out;
}

export { STATUSES };
