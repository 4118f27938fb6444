/** n / p (and the buttons): scroll the line diff to the next or previous change, wrapping around. */
import { useEffect, useRef, type KeyboardEvent, type RefObject } from 'react';
import type { DiffRows } from '../../../core/compare/diff-rows';
import type { VirtualListHandle } from '../VirtualList';

export interface ChangeJump {
  jump: (dir: 1 | -1) => void;
  onKeyDown: (e: KeyboardEvent<HTMLDivElement>) => void;
}

export function useChangeJump(
  rows: DiffRows,
  starts: readonly number[],
  list: RefObject<VirtualListHandle | null>,
): ChangeJump {
  const at = useRef(-1);
  // The same change stays in view when the layout changes.
  useEffect(() => {
    at.current = -1;
  }, [rows]);

  const jump = (dir: 1 | -1): void => {
    if (starts.length === 0) return;
    const next =
      dir > 0 ? starts.find((s) => s > at.current) : [...starts].reverse().find((s) => s < at.current);
    at.current = next ?? (dir > 0 ? starts[0]! : starts[starts.length - 1]!);
    list.current?.scrollToIndex(Math.max(0, at.current - 3), 'start');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'n' || e.key === 'p') {
      e.preventDefault();
      jump(e.key === 'n' ? 1 : -1);
    }
  };
  return { jump, onKeyDown };
}
