/**
 * Renders only the visible rows of a fixed-row-height list (speedscope's scrollable-list-view).
 * The container is the scroll element and carries the caller's attributes (role, aria-*, keys).
 */
import {
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type HTMLAttributes,
  type ReactNode,
  type Ref,
  type RefObject,
} from 'react';

export interface VirtualListHandle {
  /** Scroll just enough to show row `index` (or put it near the top with 'start'). */
  scrollToIndex(index: number, align?: 'nearest' | 'start' | 'center'): void;
  element(): HTMLDivElement | null;
}

interface Props extends HTMLAttributes<HTMLDivElement> {
  count: number;
  rowHeight: number;
  /** The row must apply `style` (absolute position) to its root element. */
  renderRow: (index: number, style: CSSProperties) => ReactNode;
  overscan?: number;
  /** CSS width of the scrolled content (for horizontally scrolling code). */
  contentWidth?: string;
  ref?: Ref<VirtualListHandle>;
}

/** The scroll element's scrollTop and height, kept in step with scrolling, resizing and a shrinking list. */
function useScrollWindow(el: RefObject<HTMLDivElement | null>, count: number) {
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useLayoutEffect(() => {
    const node = el.current;
    if (!node) return;
    setHeight(node.clientHeight || 600);
    const ro = new ResizeObserver(() => setHeight(node.clientHeight || 600));
    ro.observe(node);
    return () => ro.disconnect();
  }, [el]);

  // When the list shrinks (filter), keep scrollTop in range.
  useEffect(() => {
    const node = el.current;
    if (node && node.scrollTop !== scrollTop) setScrollTop(node.scrollTop);
  }, [el, count, scrollTop]);
  return { scrollTop, setScrollTop, height };
}

/** The scrollTop that shows row `index` as `align` asks, within the list. */
function scrollTarget(
  node: HTMLDivElement,
  index: number,
  rowHeight: number,
  count: number,
  align: string,
): number {
  const top = index * rowHeight;
  const view = node.clientHeight;
  let next = node.scrollTop;
  if (align === 'start') next = top;
  else if (align === 'center') next = top - view / 2 + rowHeight / 2;
  else if (top < node.scrollTop) next = top;
  else if (top + rowHeight > node.scrollTop + view) next = top + rowHeight - view;
  return Math.max(0, Math.min(next, count * rowHeight - view));
}

export function VirtualList({
  count,
  rowHeight,
  renderRow,
  overscan = 8,
  contentWidth,
  ref,
  ...rest
}: Props) {
  const el = useRef<HTMLDivElement>(null);
  const { scrollTop, setScrollTop, height } = useScrollWindow(el, count);

  useImperativeHandle(
    ref,
    () => ({
      element: () => el.current,
      scrollToIndex(index, align = 'nearest') {
        const node = el.current;
        if (!node) return;
        const next = scrollTarget(node, index, rowHeight, count, align);
        if (next !== node.scrollTop) {
          node.scrollTop = next;
          setScrollTop(node.scrollTop);
        }
      },
    }),
    [rowHeight, count, setScrollTop],
  );

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    rows.push(
      renderRow(i, { position: 'absolute', left: 0, right: 0, top: i * rowHeight, height: rowHeight }),
    );
  }
  return (
    <div {...rest} ref={el} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <div
        role="presentation"
        className="vlist-content"
        style={{ height: count * rowHeight, minWidth: contentWidth }}
      >
        {rows}
      </div>
    </div>
  );
}
