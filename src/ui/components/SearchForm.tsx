/** The Search tab's form: the query, the case / word / regex toggles and the path filter. */
import type { SearchQuery } from '../../core/search/query';
import { submitQuery } from '../search-actions';

function Toggle({
  label,
  text,
  on,
  onChange,
}: {
  label: string;
  text: string;
  on: boolean;
  onChange: () => void;
}) {
  return (
    <button
      type="button"
      className="toggle"
      aria-pressed={on}
      aria-label={label}
      title={label}
      onClick={onChange}
    >
      {text}
    </button>
  );
}

type Change = (p: Partial<SearchQuery>, now?: boolean) => void;

/** Match case, whole word, regular expression: each change searches at once. */
function SearchToggles({ draft, change }: { draft: SearchQuery; change: Change }) {
  return (
    <div className="seg toggles" role="group" aria-label="Search options">
      <Toggle
        label="Match case"
        text="Aa"
        on={!draft.ignoreCase}
        onChange={() => change({ ignoreCase: !draft.ignoreCase }, true)}
      />
      <Toggle
        label="Whole word"
        text="ab|"
        on={draft.word}
        onChange={() => change({ word: !draft.word }, true)}
      />
      <Toggle
        label="Regular expression"
        text=".*"
        on={draft.mode === 'regex'}
        onChange={() => change({ mode: draft.mode === 'regex' ? 'literal' : 'regex' }, true)}
      />
    </div>
  );
}

export function SearchForm({
  draft,
  change,
}: {
  draft: SearchQuery;
  change: (p: Partial<SearchQuery>, now?: boolean) => void;
}) {
  return (
    <form
      className="search-form"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        submitQuery(draft, true);
      }}
    >
      <div className="search-row">
        <input
          type="search"
          className="filter search-input"
          placeholder="Search every file"
          aria-label="Search the archive"
          spellCheck={false}
          autoComplete="off"
          value={draft.pattern}
          onChange={(e) => change({ pattern: e.target.value })}
        />
        <SearchToggles draft={draft} change={change} />
      </div>
      <input
        type="text"
        className="filter path-filter"
        placeholder="Only paths like include/linux/**, arch/*/include/asm/*.h"
        aria-label="Path filter"
        spellCheck={false}
        autoComplete="off"
        value={draft.paths}
        onChange={(e) => change({ paths: e.target.value })}
      />
    </form>
  );
}
