/**
 * The Search tab: a query with literal/regex, case and whole-word toggles and a path filter; results
 * stream in grouped by file (a virtual list of file and line rows) with the match highlighted; the
 * count says "N matches in M files" over the whole archive even when the list is capped.
 */
import { useMemo, type CSSProperties, type ReactNode } from 'react';
import type { PreviewLine } from '../../core/search/preview';
import { useAtom } from '../atom';
import { formatInt, plural } from '../format';
import { openHit, RESULT_CAP } from '../search-actions';
import { searchView, type SearchView } from '../search-state';
import { Icon } from './Icon';
import { ContentText, Name, nameText } from './Name';
import { SearchForm } from './SearchForm';
import { useSearchDraft } from './use-search-draft';
import { VirtualList } from './VirtualList';

const ROW = 24;

type Row = { kind: 'file'; path: string; count: number } | { kind: 'line'; path: string; hit: PreviewLine };

function flatten(view: SearchView): Row[] {
  const rows: Row[] = [];
  for (const g of view.groups) {
    rows.push({ kind: 'file', path: g.path, count: g.lines.length });
    for (const hit of g.lines) rows.push({ kind: 'line', path: g.path, hit });
  }
  return rows;
}

function summary(view: SearchView): string {
  if (view.error) return '';
  const t = view.totals;
  if (!t) return view.running ? `Searching… ${plural(view.received, 'line', 'lines')} so far` : '';
  if (t.lines === 0) return `No matches in ${plural(t.searched, 'file', 'files')}.`;
  const head = `${plural(t.matches, 'match', 'matches')} in ${plural(t.files, 'file', 'files')}`;
  return t.capped ? `${head} · showing the first ${formatInt(view.received)} lines` : head;
}

function Preview({ hit }: { hit: PreviewLine }) {
  const parts: ReactNode[] = [];
  let at = 0;
  const piece = (a: number, b: number) => (
    <ContentText key={`t${a}`} text={hit.text.slice(a, b)} lineEnd={b === hit.text.length && !hit.cutEnd} />
  );
  hit.ranges.forEach(([a, b], i) => {
    if (a > at) parts.push(piece(at, a));
    parts.push(<mark key={i}>{piece(a, b)}</mark>);
    at = b;
  });
  parts.push(piece(at, hit.text.length));
  return (
    <span className="hit-text">
      {hit.cutStart && '…'}
      {parts}
      {hit.cutEnd && '…'}
    </span>
  );
}

function ResultRow({ row, style }: { row: Row; style: CSSProperties }) {
  if (row.kind === 'file') {
    const slash = row.path.lastIndexOf('/');
    return (
      <div className="hit-file" style={style} role="listitem" title={nameText(row.path)}>
        <Icon kind="file" />
        <span className="hit-name">
          <Name text={row.path.slice(slash + 1)} />
        </span>
        <span className="hit-dir">
          <Name text={row.path.slice(0, slash + 1)} />
        </span>
        <span className="hit-count">{row.count}</span>
      </div>
    );
  }
  const { hit, path } = row;
  return (
    <div style={style} role="listitem">
      <button
        type="button"
        className="hit-line"
        data-path={path}
        data-line={hit.line}
        aria-label={`${nameText(path)} line ${hit.line}: ${hit.text.trim()}`}
        onClick={() =>
          openHit(
            path,
            hit.line,
            hit.ranges.map(([a, b]) => [a + hit.at, b + hit.at]),
          )
        }
      >
        <span className="hit-ln">{hit.line}</span>
        <Preview hit={hit} />
      </button>
    </div>
  );
}

export function SearchPanel() {
  const [draft, change] = useSearchDraft();
  const view = useAtom(searchView, (s) => s);
  const rows = useMemo(() => flatten(view), [view]);
  const status = summary(view);
  return (
    <div className="search-pane">
      <SearchForm draft={draft} change={change} />
      <div className="search-status" role="status" aria-live="polite">
        {status}
        {view.totals && view.totals.lines > 0 && (
          <span className="muted"> · {Math.round(view.totals.ms)} ms</span>
        )}
      </div>
      {view.error && (
        <div className="search-error" role="alert">
          {view.error}
        </div>
      )}
      {rows.length > 0 ? (
        <VirtualList
          className="hits"
          role="list"
          aria-label={`Search results (up to ${formatInt(RESULT_CAP)} lines)`}
          count={rows.length}
          rowHeight={ROW}
          renderRow={(i, style) => <ResultRow key={i} row={rows[i]!} style={style} />}
        />
      ) : (
        !view.running &&
        !view.error &&
        !view.totals && (
          <div className="placeholder search-help">
            <p>Search the text of every file in this archive.</p>
            <p className="muted">
              Aa match case · ab| whole word · .* regular expression (JavaScript syntax). In a file, click an
              identifier for its definitions.
            </p>
          </div>
        )
      )}
    </div>
  );
}
