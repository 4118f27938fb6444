/** The header tree's keyboard (WAI-ARIA treeview): moves, open/close, activate, '*' and type-ahead. */
import type { KeyboardEvent } from 'react';
import type { Row } from '../../core/tree';
import { expandMany, openPath, setExpanded, setFocused } from '../actions';
import { mover, moveKeys, type KeyMap } from './tree-nav';
import type { TreeRows } from './use-tree-rows';
import { useTypeahead } from './use-typeahead';

const PAGE = 20;

/** Enter, a click: a folder opens or closes, a file opens in the viewer. */
export function activateRow(r: Row, expanded: ReadonlySet<string>): void {
  if (r.node.type === 'dir') setExpanded(r.node.path, !expanded.has(r.node.path));
  else void openPath(r.node.path);
}

function folderKeys(view: TreeRows, move: (to: number) => void): KeyMap {
  const { rows, focusIndex: i, expanded, rowIndex, isOpenAt } = view;
  const r = rows[i];
  return {
    ArrowRight: () => {
      if (r && r.node.type === 'dir') {
        if (!isOpenAt(i)) setExpanded(r.node.path, true);
        else if (rows[i + 1]?.parentPath === r.node.path) move(i + 1);
      }
    },
    ArrowLeft: () => {
      if (r) {
        if (r.node.type === 'dir' && expanded.has(r.node.path)) setExpanded(r.node.path, false);
        else if (r.parentPath !== '' && rowIndex.has(r.parentPath)) setFocused(r.parentPath);
      }
    },
    Enter: () => r && activateRow(r, expanded),
    ' ': () => r && activateRow(r, expanded),
    '*': () => {
      if (!r) return;
      expandMany((r.parent.children ?? []).filter((c) => c.type === 'dir').map((c) => c.path));
    },
  };
}

export function useTreeKeys(view: TreeRows): (e: KeyboardEvent<HTMLDivElement>) => void {
  const find = useTypeahead(view.rows);
  return (e) => {
    const { rows, focusIndex: i } = view;
    const move = mover(rows, setFocused);
    const act = { ...moveKeys(i, rows.length, PAGE, move), ...folderKeys(view, move) }[e.key];
    if (act) act();
    else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      const path = find(e.key, i);
      if (path !== null) setFocused(path);
    } else return;
    e.preventDefault();
  };
}
