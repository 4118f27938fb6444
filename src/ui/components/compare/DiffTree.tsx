/**
 * The diff tree: the union of both archives as a WAI-ARIA tree over a virtualised list, with the
 * "Only changes" filter. Focus stays on the tree; aria-activedescendant names the focused row.
 */
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { flattenDiff } from '../../../core/compare/diff-tree-rows';
import type { DiffNode } from '../../../core/compare/tree-diff';
import { useAtom } from '../../atom';
import {
  selectDiffPath,
  setDiffExpanded,
  setDiffFocused,
  setIgnoreMeta,
  setOnlyChanges,
} from '../../compare-actions';
import { compare } from '../../compare-state';
import { VirtualList, type VirtualListHandle } from '../VirtualList';
import { DiffTreeRow } from './DiffTreeRow';

const ROW_HEIGHT = 24;
const rowId = (i: number): string => `drow-${i}`;

export function DiffTree({ tree }: { tree: DiffNode }) {
  const expanded = useAtom(compare, (s) => s.expanded);
  const onlyChanges = useAtom(compare, (s) => s.onlyChanges);
  const ignoreMeta = useAtom(compare, (s) => s.ignoreMeta);
  const focused = useAtom(compare, (s) => s.focused);
  const current = useAtom(compare, (s) => s.diff?.path ?? null);
  const rows = useMemo(
    () => flattenDiff(tree, expanded, { onlyChanges, ignoreMeta }),
    [tree, expanded, onlyChanges, ignoreMeta],
  );
  const focusIndex = useMemo(() => rows.findIndex((r) => r.node.path === focused), [rows, focused]);
  const list = useRef<VirtualListHandle>(null);

  useEffect(() => {
    if (focusIndex >= 0) list.current?.scrollToIndex(focusIndex);
  }, [focusIndex]);
  // The diff tree is on screen: what the compare benchmark times.
  useEffect(() => {
    if (performance.getEntriesByName('khi:compare-ready').length === 0) performance.mark('khi:compare-ready');
  }, [tree]);

  const move = (to: number): void => {
    const r = rows[Math.max(0, Math.min(rows.length - 1, to))];
    if (r) setDiffFocused(r.node.path);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const i = focusIndex;
    const r = rows[i];
    const page = Math.max(1, Math.floor((list.current?.element()?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(i + 1),
      ArrowUp: () => move(i - 1),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      PageDown: () => move(i + page),
      PageUp: () => move(i - page),
      ArrowRight: () => {
        if (r?.node.children && !expanded.has(r.node.path)) setDiffExpanded(r.node.path, true);
        else move(i + 1);
      },
      ArrowLeft: () => {
        if (r?.node.children && expanded.has(r.node.path)) setDiffExpanded(r.node.path, false);
        else {
          const parent = r?.node.path.includes('/')
            ? r.node.path.slice(0, r.node.path.lastIndexOf('/'))
            : null;
          if (parent !== null) setDiffFocused(parent);
        }
      },
      Enter: () => r && void selectDiffPath(r.node.path),
      ' ': () => r && void selectDiffPath(r.node.path),
    };
    const act = keys[e.key];
    if (!act) return;
    e.preventDefault();
    act();
  };

  return (
    <div className="difftree">
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
