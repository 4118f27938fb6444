/** The kernel config: a searchable list of CONFIG_ options, plus the raw text. */
import { useMemo, useState, type CSSProperties } from 'react';
import { parseConfig, type ConfigEntry } from '../../core/config';
import type { ConfigSummary } from '../../core/types';
import { copyText } from '../actions';
import { formatInt } from '../format';
import { CodeView } from './CodeView';
import { ConfigList } from './ConfigList';
import { FilterBox, Switch, useQueryFilter } from './controls';
import { Name } from './Name';

const VIEWS = [
  ['options', 'Options'],
  ['raw', 'Raw'],
] as const;

function sourceText(summary: ConfigSummary | null): string {
  if (summary?.source === 'autoconf') return 'from include/generated/autoconf.h';
  return summary?.source === 'file' ? 'the file itself' : 'from IKCONFIG';
}

function OptionRow({ e, style }: { e: ConfigEntry; style: CSSProperties }) {
  return (
    <div role="listitem" className={e.notSet ? 'crow unset' : 'crow'} style={style}>
      <span className="cname mono">{e.name}</span>
      <span className="cval mono">{e.notSet ? 'is not set' : <Name text={e.value} />}</span>
    </div>
  );
}

export function ConfigPanel({ text, summary }: { text: string; summary: ConfigSummary | null }) {
  const parsed = useMemo(() => parseConfig(text), [text]);
  const [query, setQuery] = useState('');
  const [view, setView] = useState<'options' | 'raw'>('options');
  const shown = useQueryFilter(parsed.entries, query, (e) => `${e.name}\0${e.value ?? ''}`);
  const title = parsed.title ?? summary?.title ?? 'Kernel configuration';
  const source = sourceText(summary);
  return (
    <div className="config">
      <div className="toolbar">
        <FilterBox
          label="Search config options"
          placeholder="Search CONFIG_ options"
          value={query}
          onChange={setQuery}
        />
        <Switch label="Config view" choices={VIEWS} value={view} onChange={setView} />
        <button type="button" className="btn" onClick={() => void copyText(text, 'config')}>
          Copy
        </button>
      </div>
      <div className="config-title muted">
        {title} · {source} · {formatInt(parsed.options)} set
        {query ? ` · ${formatInt(shown.length)} shown` : ''}
      </div>
      {view === 'raw' ? (
        <CodeView text={text} label="Raw config" highlight={false} selection={null} revealLine={null} />
      ) : (
        <ConfigList
          label="Config options"
          items={shown}
          renderItem={(e, style) => <OptionRow key={e.name} e={e} style={style} />}
        />
      )}
    </div>
  );
}
