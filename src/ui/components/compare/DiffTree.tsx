/**
 * The diff tree: the union of both archives as a WAI-ARIA tree over a virtualised list, with the
 * "Only changes" filter. Focus stays on the tree; aria-activedescendant names the focused row.
 */
import { useEffect, useRef } from 'react';
import type { DiffNode } from '../../../core/compare/tree-diff';
import { useAtom } from '../../atom';
import { selectDiffPath, setIgnoreMeta, setOnlyChanges } from '../../compare-actions';
import { compare } from '../../compare-state';
import { VirtualList, type VirtualListHandle } from '../VirtualList';
import { DiffTreeRow } from './DiffTreeRow';
import { useDiffRows } from './use-diff-rows';
import { useDiffTreeKeys } from './use-diff-tree-keys';

const ROW_HEIGHT = 24;
const rowId = (i: number): string => `drow-${i}`;

/** The two filters above the diff tree. */
function DiffTreeTools({ onlyChanges, ignoreMeta }: { onlyChanges: boolean; ignoreMeta: boolean }) {
  return (
    <div className="tree-tools">
      <label className="check">
        <input type="checkbox" checked={onlyChanges} onChange={(e) => setOnlyChanges(e.target.checked)} />
        Only changes
      </label>
      <label className="check">
        <input type="checkbox" checked={ignoreMeta} onChange={(e) => setIgnoreMeta(e.target.checked)} />
        Hide metadata-only
      </label>
    </div>
  );
}

export function DiffTree({ tree }: { tree: DiffNode }) {
  const { rows, expanded, onlyChanges, ignoreMeta, focusIndex } = useDiffRows(tree);
  const current = useAtom(compare, (s) => s.diff?.path ?? null);
  const list = useRef<VirtualListHandle>(null);

  useEffect(() => {
    if (focusIndex >= 0) list.current?.scrollToIndex(focusIndex);
  }, [focusIndex]);
  // The diff tree is on screen: what the compare benchmark times.
  useEffect(() => {
    if (performance.getEntriesByName('khi:compare-ready').length === 0) performance.mark('khi:compare-ready');
  }, [tree]);

  const onKeyDown = useDiffTreeKeys(rows, focusIndex, expanded, list, ROW_HEIGHT);

  return (
    <div className="difftree">
      <DiffTreeTools onlyChanges={onlyChanges} ignoreMeta={ignoreMeta} />
      {rows.length === 0 ? (
        <p className="muted pad">
          {onlyChanges ? 'No changes: the two archives hold the same files.' : 'Empty.'}
        </p>
      ) : (
        <VirtualList
          ref={list}
          className="tree"
          role="tree"
          aria-label="Differences"
          tabIndex={0}
          aria-activedescendant={focusIndex >= 0 ? rowId(focusIndex) : undefined}
          onKeyDown={onKeyDown}
          count={rows.length}
          rowHeight={ROW_HEIGHT}
          renderRow={(i, style) => {
            const r = rows[i]!;
            return (
              <DiffTreeRow
                key={r.node.path}
                id={rowId(i)}
                row={r}
                style={style}
                open={expanded.has(r.node.path)}
                focused={i === focusIndex}
                current={r.node.path === current}
                onClick={() => void selectDiffPath(r.node.path)}
              />
            );
          }}
        />
      )}
    </div>
  );
}
