/** Type-to-find in a tree: letters typed within 700 ms of each other make one word to look for. */
import { useRef } from 'react';
import type { Row } from '../../core/tree';

/** Returns `find(key, from)`: the path of the next row whose name starts with the word, or null. */
export function useTypeahead(rows: Row[]): (key: string, from: number) => string | null {
  const typed = useRef({ text: '', at: 0 });
  return (key, from) => {
    const now = performance.now();
    const t = typed.current;
    t.text = now - t.at > 700 ? key.toLowerCase() : t.text + key.toLowerCase();
    t.at = now;
    // Search from the current row for a fresh word, from the next row when repeating a letter.
    const start = t.text.length === 1 ? from + 1 : Math.max(from, 0);
    for (let k = 0; k < rows.length; k++) {
      const row = rows[(start + k) % rows.length]!;
      if (row.node.name.toLowerCase().startsWith(t.text)) return row.node.path;
    }
    return null;
  };
}
