/**
 * The header tree: a WAI-ARIA treeview over a virtualised flat list of rows. Focus stays on the
 * tree element; aria-activedescendant names the focused row, so rows can be recycled freely.
 */
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { flattenVisible, type Row } from '../../core/tree';
import type { TreeNode } from '../../core/types';
import { expandMany, exportFolder, openPath, setExpanded, setFilter, setFocused, setSort } from '../actions';
import { useAtom } from '../atom';
import { formatInt, formatSize } from '../format';
import { app } from '../state';
import { VirtualList, type VirtualListHandle } from './VirtualList';
import { TreeRow } from './TreeRow';

const ROW_HEIGHT = 24;

function indexNodes(root: TreeNode): Map<string, TreeNode> {
  const map = new Map<string, TreeNode>();
  // An explicit stack, not recursion: paths may be thousands of folders deep.
  for (const stack = [root]; stack.length;) {
    const n = stack.pop()!;
    map.set(n.path, n);
    if (n.children) stack.push(...n.children);
  }
  return map;
}

export function HeaderTree({ tree }: { tree: TreeNode }) {
  const expanded = useAtom(app, (s) => s.expanded);
  const sort = useAtom(app, (s) => s.sort);
  const filter = useAtom(app, (s) => s.filter);
  const focused = useAtom(app, (s) => s.focused);
  const openFile = useAtom(app, (s) => s.viewer?.path ?? null);
  const openId = useAtom(app, (s) => s.openId);

  const rows: Row[] = useMemo(
    () => flattenVisible(tree, expanded as Set<string>, { sort, filter: filter.trim() || undefined }),
    [tree, expanded, sort, filter],
  );
  const nodes = useMemo(() => indexNodes(tree), [tree]);
  const rowIndex = useMemo(() => {
    const m = new Map<string, number>();
    rows.forEach((r, i) => m.set(r.node.path, i));
    return m;
  }, [rows]);
  const focusIndex = focused !== null ? (rowIndex.get(focused) ?? -1) : -1;

  const list = useRef<VirtualListHandle>(null);
  const typeahead = useRef({ text: '', at: 0 });

  // The tree is on screen: this is what benchmarks time from 'khi:open-start'.
  useEffect(() => {
    if (performance.getEntriesByName('khi:tree-ready').length === 0) performance.mark('khi:tree-ready');
  }, [openId]);

  useEffect(() => {
    if (focusIndex >= 0) list.current?.scrollToIndex(focusIndex);
  }, [focusIndex]);

  // A freshly opened archive takes the keyboard, unless the user is already typing somewhere.
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body) list.current?.element()?.focus({ preventScroll: true });
  }, []);

  // Keep a focused row that was filtered away from leaving the keyboard stranded.
  useEffect(() => {
    if (focusIndex < 0 && rows.length > 0) setFocused(rows[0]!.node.path);
  }, [focusIndex, rows]);

  const move = (i: number): void => {
    const r = rows[Math.max(0, Math.min(rows.length - 1, i))];
    if (r) setFocused(r.node.path);
  };

  /** A folder shows as open when its children follow it (the filter opens ancestors of matches). */
  const isOpenAt = (i: number): boolean => {
    const r = rows[i];
    return (
      !!r && r.node.type === 'dir' && (expanded.has(r.node.path) || rows[i + 1]?.parentPath === r.node.path)
    );
  };

  const activate = (r: Row): void => {
    if (r.node.type === 'dir') setExpanded(r.node.path, !expanded.has(r.node.path));
    else void openPath(r.node.path);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const r = rows[focusIndex];
    const i = focusIndex;
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
        move(i + 1);
        break;
      case 'ArrowUp':
        move(i - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(rows.length - 1);
        break;
      case 'PageDown':
        move(i + 20);
        break;
      case 'PageUp':
        move(i - 20);
        break;
      case 'ArrowRight':
        if (r && r.node.type === 'dir') {
          if (!isOpenAt(i)) setExpanded(r.node.path, true);
          else if (rows[i + 1]?.parentPath === r.node.path) move(i + 1);
        }
        break;
      case 'ArrowLeft':
        if (r) {
          if (r.node.type === 'dir' && expanded.has(r.node.path)) setExpanded(r.node.path, false);
          else if (r.parentPath !== '' && rowIndex.has(r.parentPath)) setFocused(r.parentPath);
        }
        break;
      case 'Enter':
      case ' ':
        if (r) activate(r);
        break;
      case '*':
        if (r) {
          const parent = nodes.get(r.parentPath);
          expandMany((parent?.children ?? []).filter((c) => c.type === 'dir').map((c) => c.path));
        }
        break;
      default:
        handled = false;
    }
    if (!handled && e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      handled = true;
      const now = performance.now();
      const t = typeahead.current;
      t.text = now - t.at > 700 ? e.key.toLowerCase() : t.text + e.key.toLowerCase();
      t.at = now;
      // Search from the current row for a fresh word, from the next row when repeating a letter.
      const start = t.text.length === 1 ? i + 1 : Math.max(i, 0);
      for (let k = 0; k < rows.length; k++) {
        const row = rows[(start + k) % rows.length]!;
        if (row.node.name.toLowerCase().startsWith(t.text)) {
          setFocused(row.node.path);
          break;
        }
      }
    }
    if (handled) e.preventDefault();
  };

  const filterText = filter.trim();
  const matchCount = useMemo(
    () => (filterText ? rows.filter((r) => r.matches).length : 0),
    [rows, filterText],
  );

  return (
    <div className="tree-pane">
      <div className="toolbar">
        <input
          type="search"
          className="filter"
          placeholder="Filter by name"
          aria-label="Filter files by name"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <div className="seg" role="group" aria-label="Sort">
          <button type="button" aria-pressed={sort === 'name'} onClick={() => setSort('name')}>
            Name
          </button>
          <button type="button" aria-pressed={sort === 'size'} onClick={() => setSort('size')}>
            Size
          </button>
        </div>
        <button
          type="button"
          className="btn"
          onClick={() => void exportFolder('')}
          title="Download the whole archive as .tar"
        >
          Export .tar
        </button>
      </div>
      {filterText !== '' && (
        <div className="tree-status" role="status">
          {matchCount === 0
            ? 'No names match.'
            : `${formatInt(matchCount)} ${matchCount === 1 ? 'match' : 'matches'}`}
        </div>
      )}
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
        renderRow={(i, style) => {
          const r = rows[i]!;
          const parent = nodes.get(r.parentPath);
          return (
            <TreeRow
              key={r.node.path}
              id={`trow-${i}`}
              row={r}
              style={style}
              open={isOpenAt(i)}
              focused={i === focusIndex}
              current={r.node.path === openFile}
              share={parent && parent.size > 0 ? r.node.size / parent.size : 0}
              filter={filterText}
              onClick={() => {
                setFocused(r.node.path);
                activate(r);
              }}
              onExport={() => void exportFolder(r.node.path)}
            />
          );
        }}
      />
      <div className="tree-foot">
        {formatInt(tree.files)} files · {formatInt(tree.dirs)} folders · {formatSize(tree.size)}
        {focused ? <span className="muted path"> · {focused}</span> : null}
      </div>
    </div>
  );
}
