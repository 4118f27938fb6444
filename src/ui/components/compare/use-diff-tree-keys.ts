/** The diff tree's keyboard (WAI-ARIA treeview): moves, open/close a folder, Enter shows the diff. */
import type { KeyboardEvent, RefObject } from 'react';
import type { DiffRow } from '../../../core/compare/diff-tree-rows';
import { selectDiffPath, setDiffExpanded, setDiffFocused } from '../../compare-actions';
import { mover, moveKeys, type KeyMap } from '../tree-nav';
import type { VirtualListHandle } from '../VirtualList';

function folderKeys(r: DiffRow | undefined, expanded: ReadonlySet<string>, next: () => void): KeyMap {
  return {
    ArrowRight: () => {
      if (r?.node.children && !expanded.has(r.node.path)) setDiffExpanded(r.node.path, true);
      else next();
    },
    ArrowLeft: () => {
      if (r?.node.children && expanded.has(r.node.path)) setDiffExpanded(r.node.path, false);
      else {
        const parent = r?.node.path.includes('/') ? r.node.path.slice(0, r.node.path.lastIndexOf('/')) : null;
        if (parent !== null) setDiffFocused(parent);
      }
    },
    Enter: () => r && void selectDiffPath(r.node.path),
    ' ': () => r && void selectDiffPath(r.node.path),
  };
}

export function useDiffTreeKeys(
  rows: DiffRow[],
  focusIndex: number,
  expanded: ReadonlySet<string>,
  list: RefObject<VirtualListHandle | null>,
  rowHeight: number,
): (e: KeyboardEvent<HTMLDivElement>) => void {
  return (e) => {
    const i = focusIndex;
    const move = mover(rows, setDiffFocused);
    const page = Math.max(1, Math.floor((list.current?.element()?.clientHeight ?? 400) / rowHeight) - 1);
    const keys = {
      ...moveKeys(i, rows.length, page, move),
      ...folderKeys(rows[i], expanded, () => move(i + 1)),
    };
    const act = keys[e.key];
    if (!act) return;
    e.preventDefault();
    act();
  };
}
