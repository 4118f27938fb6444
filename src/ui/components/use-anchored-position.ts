/** Where a popup of `width` goes next to `anchor`: below it, or above when it would leave the window. */
import { useLayoutEffect, useState, type RefObject } from 'react';

export function useAnchoredPosition(
  anchor: HTMLElement,
  box: RefObject<HTMLElement | null>,
  width: number,
  content: unknown,
): { left: number; top: number } | null {
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);
  useLayoutEffect(() => {
    const r = anchor.getBoundingClientRect();
    const h = box.current?.offsetHeight ?? 120;
    const left = Math.max(8, Math.min(r.left, window.innerWidth - width - 8));
    const below = r.bottom + 4;
    const top = below + h > window.innerHeight - 8 ? Math.max(8, r.top - h - 4) : below;
    setPos({ left, top });
  }, [anchor, box, width, content]);
  return pos;
}
