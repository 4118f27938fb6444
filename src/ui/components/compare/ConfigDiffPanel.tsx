/** The config diff: options added, removed and changed (old → new), with a search box. */
import { useMemo } from 'react';
import type { ConfigDiff } from '../../../core/compare/config-diff';
import { useAtom } from '../../atom';
import { setConfigQuery } from '../../compare-actions';
import { compare } from '../../compare-state';
import { formatInt } from '../../format';
import { VirtualList } from '../VirtualList';

const SIGN = { added: '+', removed: '−', changed: '~' } as const;

export function ConfigDiffPanel({ diff }: { diff: ConfigDiff | null }) {
  const query = useAtom(compare, (s) => s.configQuery);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    const all = diff?.changes ?? [];
    if (!q) return all;
    return all.filter(
      (c) => c.name.toLowerCase().includes(q) || `${c.old ?? ''} ${c.new ?? ''}`.toLowerCase().includes(q),
    );
  }, [diff, query]);
  if (!diff)
    return (
      <p className="pad muted">
        One of the two artifacts has no kernel config, so there is nothing to compare.
      </p>
    );
  return (
    <div className="config">
      <div className="toolbar">
        <input
          type="search"
          className="filter"
          placeholder="Search changed options"
          aria-label="Search config changes"
          value={query}
          onChange={(e) => setConfigQuery(e.target.value)}
        />
      </div>
      <div className="config-title muted">
        {formatInt(diff.changed)} changed · {formatInt(diff.added)} added · {formatInt(diff.removed)} removed
        · {formatInt(diff.same)} the same{query ? ` · ${formatInt(shown.length)} shown` : ''}
      </div>
      <VirtualList
        className="config-list"
        role="list"
        aria-label="Config changes"
        count={shown.length}
        rowHeight={22}
        renderRow={(i, style) => {
          const c = shown[i]!;
          return (
            <div
              key={c.name}
              role="listitem"
              className={`crow cdiff st-${c.kind}`}
              style={style}
              data-kind={c.kind}
            >
              <span className="dmark" aria-label={c.kind}>
                {SIGN[c.kind]}
              </span>
              <span className="cname mono">{c.name}</span>
              <span className="cval mono">
                {c.kind === 'changed' ? (
                  <>
                    <del>{c.old}</del> → <ins>{c.new}</ins>
                  </>
                ) : c.kind === 'added' ? (
                  <ins>{c.new}</ins>
                ) : (
                  <del>{c.old}</del>
                )}
              </span>
            </div>
          );
        }}
      />
    </div>
  );
}
