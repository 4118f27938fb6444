/** Small form controls the panels share: the filter box and the two-way switch of a toolbar. */
import { useMemo } from 'react';

/** The search box of a panel's toolbar (tree, config, config diff). */
export function FilterBox(props: {
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <input
      type="search"
      className="filter"
      placeholder={props.placeholder}
      aria-label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
    />
  );
}

/** A group of buttons of which one is pressed (aria-pressed): Name/Size, Options/Raw. */
export function Switch<T extends string>(props: {
  label: string;
  choices: readonly (readonly [T, string])[];
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <div className="seg" role="group" aria-label={props.label}>
      {props.choices.map(([value, text]) => (
        <button
          key={value}
          type="button"
          aria-pressed={props.value === value}
          onClick={() => props.onChange(value)}
        >
          {text}
        </button>
      ))}
    </div>
  );
}

/** The items whose text holds the query (case-folded, trimmed); all of them for an empty query. */
export function useQueryFilter<T>(
  items: readonly T[],
  query: string,
  text: (item: T) => string,
): readonly T[] {
  return useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return items;
    return items.filter((it) => text(it).toLowerCase().includes(q));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `text` is a pure spelling, fixed per caller
  }, [items, query]);
}
