/** A small menu's keys: Escape closes it and gives focus back to its button, ↑/↓ move between its items. */
import type { KeyboardEvent, RefObject } from 'react';

export function useMenuKeys(
  root: RefObject<HTMLElement | null>,
  close: () => void,
): (e: KeyboardEvent) => void {
  return (e) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      close();
      root.current?.querySelector<HTMLButtonElement>('.sel-menu-btn')?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const items = [...(root.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
      const i = items.indexOf(document.activeElement as HTMLButtonElement);
      items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
    }
  };
}
