/** The virtual list of config rows the config panel and the config diff share (22 px rows). */
import type { CSSProperties, ReactNode } from 'react';
import { VirtualList } from './VirtualList';

export function ConfigList<T>(props: {
  label: string;
  items: readonly T[];
  renderItem: (item: T, style: CSSProperties) => ReactNode;
}) {
  const { label, items, renderItem } = props;
  return (
    <VirtualList
      className="config-list"
      role="list"
      aria-label={label}
      count={items.length}
      rowHeight={22}
      renderRow={(i, style) => renderItem(items[i]!, style)}
    />
  );
}
