/** The header tree's focus: the focused row scrolled into view, a new archive takes the keyboard. */
import { useEffect, type RefObject } from 'react';
import type { Row } from '../../core/tree';
import { setFocused } from '../actions';
import { useAtom } from '../atom';
import { app } from '../state';
import type { VirtualListHandle } from './VirtualList';

export function useTreeFocus(
  list: RefObject<VirtualListHandle | null>,
  rows: Row[],
  focusIndex: number,
): void {
  const openId = useAtom(app, (s) => s.openId);

  // The tree is on screen: this is what benchmarks time from 'khi:open-start'.
  useEffect(() => {
    if (performance.getEntriesByName('khi:tree-ready').length === 0) performance.mark('khi:tree-ready');
  }, [openId]);

  useEffect(() => {
    if (focusIndex >= 0) list.current?.scrollToIndex(focusIndex);
  }, [list, focusIndex]);

  // A freshly opened archive takes the keyboard, unless the user is already typing somewhere.
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body) list.current?.element()?.focus({ preventScroll: true });
  }, [list]);

  // Keep a focused row that was filtered away from leaving the keyboard stranded.
  useEffect(() => {
    if (focusIndex < 0 && rows.length > 0) setFocused(rows[0]!.node.path);
  }, [focusIndex, rows]);
}
