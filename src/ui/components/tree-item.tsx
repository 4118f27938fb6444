/** What every tree row shares (header tree and diff tree): the treeitem attributes, the twisty, the icon. */
import type { HTMLAttributes } from 'react';

interface ItemPosition {
  depth: number;
  setSize: number;
  posInSet: number;
}

/** The WAI-ARIA treeitem attributes of one row; `expanded` is undefined for a row that cannot open. */
export function treeItemProps(
  id: string,
  row: ItemPosition,
  path: string,
  expanded: boolean | undefined,
  focused: boolean,
): HTMLAttributes<HTMLDivElement> & { 'data-path': string } {
  return {
    role: 'treeitem',
    id,
    'aria-level': row.depth + 1,
    'aria-setsize': row.setSize,
    'aria-posinset': row.posInSet,
    'aria-expanded': expanded,
    'aria-selected': focused,
    'data-path': path,
  };
}

/** ▾ for an open folder, ▸ for a closed one, nothing for a row that cannot open. */
export function Twisty({ folder, open }: { folder: boolean; open: boolean }) {
  return (
    <span className="twisty" aria-hidden="true">
      {folder ? (open ? '▾' : '▸') : ''}
    </span>
  );
}

/** The icon a tree node shows: folder, link or file. */
export function iconKind(folder: boolean, type: string | undefined): 'dir' | 'link' | 'file' {
  return folder ? 'dir' : type === 'symlink' || type === 'hardlink' ? 'link' : 'file';
}
