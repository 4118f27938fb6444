/** The header tree's visible rows: the expanded folders flattened, sorted and filtered, with lookups. */
import { useMemo } from 'react';
import { flattenVisible, type Row } from '../../core/tree';
import type { TreeNode } from '../../core/types';
import { useAtom } from '../atom';
import { app } from '../state';

export interface TreeRows {
  rows: Row[];
  /** Row index by path, for the visible rows only. */
  rowIndex: Map<string, number>;
  expanded: ReadonlySet<string>;
  focused: string | null;
  /** The focused row's index, -1 when it is not visible. */
  focusIndex: number;
  /** The trimmed name filter ('' for none). */
  filterText: string;
  /** A folder shows as open when its children follow it (the filter opens ancestors of matches). */
  isOpenAt: (i: number) => boolean;
}

export function useTreeRows(tree: TreeNode): TreeRows {
  const expanded = useAtom(app, (s) => s.expanded);
  const sort = useAtom(app, (s) => s.sort);
  const filter = useAtom(app, (s) => s.filter);
  const focused = useAtom(app, (s) => s.focused);

  const rows: Row[] = useMemo(
    () => flattenVisible(tree, expanded as Set<string>, { sort, filter: filter.trim() || undefined }),
    [tree, expanded, sort, filter],
  );
  const rowIndex = useMemo(() => {
    const m = new Map<string, number>();
    rows.forEach((r, i) => m.set(r.node.path, i));
    return m;
  }, [rows]);
  const focusIndex = focused !== null ? (rowIndex.get(focused) ?? -1) : -1;

  const isOpenAt = (i: number): boolean => {
    const r = rows[i];
    return (
      !!r && r.node.type === 'dir' && (expanded.has(r.node.path) || rows[i + 1]?.parentPath === r.node.path)
    );
  };
  return { rows, rowIndex, expanded, focused, focusIndex, filterText: filter.trim(), isOpenAt };
}
