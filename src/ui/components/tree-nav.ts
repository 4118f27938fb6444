/** The moves every tree view shares (WAI-ARIA treeview): arrows, Home/End and a page up or down. */
export type KeyMap = Record<string, () => void>;

/** Keys that move the focus from row `i` in a list of `count` rows; `move` clamps and focuses. */
export function moveKeys(i: number, count: number, page: number, move: (to: number) => void): KeyMap {
  return {
    ArrowDown: () => move(i + 1),
    ArrowUp: () => move(i - 1),
    Home: () => move(0),
    End: () => move(count - 1),
    PageDown: () => move(i + page),
    PageUp: () => move(i - page),
  };
}

/** `move(to)`: focus row `to`, clamped to the list. */
export function mover(rows: readonly { node: { path: string } }[], focus: (path: string) => void) {
  return (to: number): void => {
    const r = rows[Math.max(0, Math.min(rows.length - 1, to))];
    if (r) focus(r.node.path);
  };
}
