/** The kernel config: a searchable list of CONFIG_ options, plus the raw text. */
import { useMemo, useState } from 'react';
import { parseConfig } from '../../core/config';
import type { ConfigSummary } from '../../core/types';
import { copyText } from '../actions';
import { formatInt } from '../format';
import { CodeView } from './CodeView';
import { VirtualList } from './VirtualList';

export function ConfigPanel({ text, summary }: { text: string; summary: ConfigSummary | null }) {
  const parsed = useMemo(() => parseConfig(text), [text]);
  const [query, setQuery] = useState('');
  const [raw, setRaw] = useState(false);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return parsed.entries;
    return parsed.entries.filter(
      (e) => e.name.toLowerCase().includes(q) || (e.value ?? '').toLowerCase().includes(q),
    );
  }, [parsed, query]);
  return (
    <div className="config">
      <div className="toolbar">
        <input
          type="search"
          className="filter"
          placeholder="Search CONFIG_ options"
          aria-label="Search config options"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <div className="seg" role="group" aria-label="Config view">
          <button type="button" aria-pressed={!raw} onClick={() => setRaw(false)}>
            Options
          </button>
          <button type="button" aria-pressed={raw} onClick={() => setRaw(true)}>
            Raw
          </button>
        </div>
        <button type="button" className="btn" onClick={() => void copyText(text, 'config')}>
          Copy
        </button>
      </div>
      <div className="config-title muted">
        {parsed.title ?? summary?.title ?? 'Kernel configuration'} ·{' '}
        {summary?.source === 'autoconf'
          ? 'from include/generated/autoconf.h'
          : summary?.source === 'file'
            ? 'the file itself'
            : 'from IKCONFIG'}{' '}
        · {formatInt(parsed.options)} set{query ? ` · ${formatInt(shown.length)} shown` : ''}
      </div>
      {raw ? (
        <CodeView text={text} label="Raw config" highlight={false} selection={null} revealLine={null} />
      ) : (
        <VirtualList
          className="config-list"
          role="list"
          aria-label="Config options"
          count={shown.length}
          rowHeight={22}
          renderRow={(i, style) => {
            const e = shown[i]!;
            return (
              <div key={e.name} role="listitem" className={e.notSet ? 'crow unset' : 'crow'} style={style}>
                <span className="cname mono">{e.name}</span>
                <span className="cval mono">{e.notSet ? 'is not set' : e.value}</span>
              </div>
            );
          }}
        />
      )}
    </div>
  );
}
