/** Close a popup: Escape anywhere (when `onEscape` is given) or a press outside `root`, while `active`. */
import { useEffect, type RefObject } from 'react';

export interface DismissOptions {
  onOutside: () => void;
  onEscape?: () => void;
  /** The press that counts: 'pointerdown' (default) or 'mousedown'; `capture` sees it before the page. */
  event?: 'pointerdown' | 'mousedown';
  capture?: boolean;
}

export function useDismiss(active: boolean, root: RefObject<HTMLElement | null>, opts: DismissOptions): void {
  const { onOutside, onEscape, event = 'pointerdown', capture = false } = opts;
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') onEscape?.();
    };
    const onDown = (e: Event): void => {
      if (!root.current?.contains(e.target as Node)) onOutside();
    };
    if (onEscape) document.addEventListener('keydown', onKey);
    document.addEventListener(event, onDown, capture);
    return () => {
      if (onEscape) document.removeEventListener('keydown', onKey);
      document.removeEventListener(event, onDown, capture);
    };
  }, [active, root, onOutside, onEscape, event, capture]);
}
