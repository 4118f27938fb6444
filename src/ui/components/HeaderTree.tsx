/**
 * The header tree: a WAI-ARIA treeview over a virtualised flat list of rows. Focus stays on the
 * tree element; aria-activedescendant names the focused row, so rows can be recycled freely.
 */
import { useMemo, useRef, type CSSProperties } from 'react';
import type { TreeNode } from '../../core/types';
import { exportFolder, setFocused } from '../actions';
import { useAtom } from '../atom';
import { formatInt, formatSize, plural } from '../format';
import { Name } from './Name';
import { app } from '../state';
import { TreeRow } from './TreeRow';
import { TreeToolbar } from './TreeToolbar';
import { activateRow, useTreeKeys } from './use-tree-keys';
import { useTreeFocus } from './use-tree-focus';
import { useTreeRows, type TreeRows } from './use-tree-rows';
import { VirtualList, type VirtualListHandle } from './VirtualList';

const ROW_HEIGHT = 24;

/** "3 matches" under the toolbar while a filter is typed. */
function FilterStatus({ view }: { view: TreeRows }) {
  const { rows, filterText } = view;
  const matchCount = useMemo(
    () => (filterText ? rows.filter((r) => r.matches).length : 0),
    [rows, filterText],
  );
  if (filterText === '') return null;
  return (
    <div className="tree-status" role="status">
      {matchCount === 0
        ? 'No names match.'
        : `${formatInt(matchCount)} ${matchCount === 1 ? 'match' : 'matches'}`}
    </div>
  );
}

function useRenderRow(view: TreeRows) {
  const openFile = useAtom(app, (s) => s.viewer?.path ?? null);
  const { rows, focusIndex, filterText, expanded, isOpenAt } = view;
  return (i: number, style: CSSProperties) => {
    const r = rows[i]!;
    const parent = r.parent;
    return (
      <TreeRow
        key={r.node.path}
        id={`trow-${i}`}
        row={r}
        style={style}
        open={isOpenAt(i)}
        focused={i === focusIndex}
        current={r.node.path === openFile}
        share={parent.size > 0 ? r.node.size / parent.size : 0}
        filter={filterText}
        onClick={() => {
          setFocused(r.node.path);
          activateRow(r, expanded);
        }}
        onExport={() => void exportFolder(r.node.path)}
      />
    );
  };
}

export function HeaderTree({ tree }: { tree: TreeNode }) {
  const view = useTreeRows(tree);
  const { rows, focusIndex, focused } = view;
  const list = useRef<VirtualListHandle>(null);
  useTreeFocus(list, rows, focusIndex);
  const onKeyDown = useTreeKeys(view);
  const renderRow = useRenderRow(view);

  return (
    <div className="tree-pane">
      <TreeToolbar />
      <FilterStatus view={view} />
      <VirtualList
        ref={list}
        className="tree"
        role="tree"
        aria-label="Header files"
        tabIndex={0}
        aria-activedescendant={focusIndex >= 0 ? `trow-${focusIndex}` : undefined}
        onKeyDown={onKeyDown}
        count={rows.length}
        rowHeight={ROW_HEIGHT}
        renderRow={renderRow}
      />
      <div className="tree-foot">
        {plural(tree.files, 'file', 'files')} · {plural(tree.dirs, 'folder', 'folders')} ·{' '}
        {formatSize(tree.size)}
        {focused ? (
          <span className="muted path">
            {' '}
            · <Name text={focused} />
          </span>
        ) : null}
      </div>
    </div>
  );
}
