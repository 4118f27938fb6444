/** The config diff: options added, removed and changed (old → new), with a search box. */
import type { CSSProperties } from 'react';
import type { ConfigChange, ConfigDiff } from '../../../core/compare/config-diff';
import { useAtom } from '../../atom';
import { setConfigQuery } from '../../compare-actions';
import { compare } from '../../compare-state';
import { formatInt } from '../../format';
import { ConfigList } from '../ConfigList';
import { FilterBox, useQueryFilter } from '../controls';
import { Name } from '../Name';

const SIGN = { added: '+', removed: '−', changed: '~' } as const;
const NO_CHANGES: ConfigChange[] = [];

function ChangeRow({ c, style }: { c: ConfigChange; style: CSSProperties }) {
  return (
    <div role="listitem" className={`crow cdiff st-${c.kind}`} style={style} data-kind={c.kind}>
      <span className="dmark" aria-label={c.kind}>
        {SIGN[c.kind]}
      </span>
      <span className="cname mono">{c.name}</span>
      <span className="cval mono">
        {c.kind === 'changed' ? (
          <>
            <del>
              <Name text={c.old ?? ''} />
            </del>{' '}
            →{' '}
            <ins>
              <Name text={c.new ?? ''} />
            </ins>
          </>
        ) : c.kind === 'added' ? (
          <ins>
            <Name text={c.new ?? ''} />
          </ins>
        ) : (
          <del>
            <Name text={c.old ?? ''} />
          </del>
        )}
      </span>
    </div>
  );
}

export function ConfigDiffPanel({ diff }: { diff: ConfigDiff | null }) {
  const query = useAtom(compare, (s) => s.configQuery);
  const shown = useQueryFilter(
    diff?.changes ?? NO_CHANGES,
    query,
    (c) => `${c.name}\0${c.old ?? ''} ${c.new ?? ''}`,
  );
  if (!diff)
    return (
      <p className="pad muted">
        One of the two artifacts has no kernel config, so there is nothing to compare.
      </p>
    );
  return (
    <div className="config">
      <div className="toolbar">
        <FilterBox
          label="Search config changes"
          placeholder="Search changed options"
          value={query}
          onChange={setConfigQuery}
        />
      </div>
      <div className="config-title muted">
        {formatInt(diff.changed)} changed · {formatInt(diff.added)} added · {formatInt(diff.removed)} removed
        · {formatInt(diff.same)} the same{query ? ` · ${formatInt(shown.length)} shown` : ''}
      </div>
      <ConfigList
        label="Config changes"
        items={shown}
        renderItem={(c, style) => <ChangeRow key={c.name} c={c} style={style} />}
      />
    </div>
  );
}
