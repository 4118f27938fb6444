/** The diff tree's visible rows: the expanded folders of the union tree, with the two filters applied. */
import { useMemo } from 'react';
import { flattenDiff, type DiffRow } from '../../../core/compare/diff-tree-rows';
import type { DiffNode } from '../../../core/compare/tree-diff';
import { useAtom } from '../../atom';
import { compare } from '../../compare-state';

export interface DiffRows {
  rows: DiffRow[];
  expanded: ReadonlySet<string>;
  onlyChanges: boolean;
  ignoreMeta: boolean;
  /** The focused row's index, -1 when it is not visible. */
  focusIndex: number;
}

export function useDiffRows(tree: DiffNode): DiffRows {
  const expanded = useAtom(compare, (s) => s.expanded);
  const onlyChanges = useAtom(compare, (s) => s.onlyChanges);
  const ignoreMeta = useAtom(compare, (s) => s.ignoreMeta);
  const focused = useAtom(compare, (s) => s.focused);
  const rows = useMemo(
    () => flattenDiff(tree, expanded, { onlyChanges, ignoreMeta }),
    [tree, expanded, onlyChanges, ignoreMeta],
  );
  const focusIndex = useMemo(() => rows.findIndex((r) => r.node.path === focused), [rows, focused]);
  return { rows, expanded, onlyChanges, ignoreMeta, focusIndex };
}
