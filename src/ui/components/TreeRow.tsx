/** One row of the header tree. Tiny on purpose: thousands are recycled while scrolling. */
import { memo, type CSSProperties } from 'react';
import type { Row } from '../../core/tree';
import { formatBytesExact, formatInt, formatSize } from '../format';
import { Icon } from './Icon';
import { Name, nameText } from './Name';
import { iconKind, treeItemProps, Twisty } from './tree-item';

/** Indentation stops growing here; deeper rows show their level as a tag (paths may be 10,000 deep). */
const MAX_INDENT = 40;

interface Props {
  id: string;
  row: Row;
  style: CSSProperties;
  open: boolean;
  focused: boolean;
  current: boolean;
  /** Share of the parent folder's bytes, 0..1. */
  share: number;
  filter: string;
  onClick: () => void;
  onExport: () => void;
}

function Highlighted({ text, filter }: { text: string; filter: string }) {
  if (!filter || nameText(text) !== text) return <Name text={text} />;
  const i = text.toLowerCase().indexOf(filter.toLowerCase());
  if (i < 0) return <Name text={text} />;
  return (
    <>
      <bdi className="name">
        {text.slice(0, i)}
        <mark>{text.slice(i, i + filter.length)}</mark>
        {text.slice(i + filter.length)}
      </bdi>
    </>
  );
}

/** The name cell: indent, twisty, icon, name (with the filter match marked), tags and link target. */
function RowName({ row, open, filter }: { row: Row; open: boolean; filter: string }) {
  const n = row.node;
  const dir = n.type === 'dir';
  const emptyDir = dir && (n.children?.length ?? 0) === 0;
  return (
    <span className="tname" style={{ paddingLeft: 6 + Math.min(row.depth, MAX_INDENT) * 16 }}>
      <Twisty folder={dir && !emptyDir} open={open} />
      <Icon kind={iconKind(dir, n.type)} />
      <span className="tlabel">
        <Highlighted text={n.name} filter={filter} />
      </span>
      {row.depth > MAX_INDENT && <span className="tag">level {formatInt(row.depth + 1)}</span>}
      {n.linkTarget !== undefined && (
        <span className="tlink">
          → <Name text={n.linkTarget} />
        </span>
      )}
      {emptyDir && <span className="tag">empty folder</span>}
      {n.type === 'file' && n.size === 0 && <span className="tag">empty file</span>}
    </span>
  );
}

/** The bar of the row's share of its parent folder's bytes. */
function ShareBar({ share }: { share: number }) {
  return (
    <span className="tbar" title={`${(share * 100).toFixed(1)}% of the parent folder`}>
      <span style={{ width: `${Math.max(0, Math.min(1, share)) * 100}%` }} />
    </span>
  );
}

/** A folder's "export as .tar" button (an empty cell for a file, so the columns line up). */
function ExportButton({ path, onExport }: { path: string | null; onExport: () => void }) {
  if (path === null) return <span className="texport" />;
  return (
    <button
      type="button"
      className="texport"
      tabIndex={-1}
      title={`Export ${nameText(path)} as .tar`}
      aria-label={`Export ${nameText(path)} as .tar`}
      onClick={(e) => {
        e.stopPropagation();
        onExport();
      }}
    >
      ⤓
    </button>
  );
}

export const TreeRow = memo(function TreeRow({
  id,
  row,
  style,
  open,
  focused,
  current,
  share,
  filter,
  onClick,
  onExport,
}: Props) {
  const n = row.node;
  const dir = n.type === 'dir';
  const emptyDir = dir && (n.children?.length ?? 0) === 0;
  return (
    <div
      {...treeItemProps(id, row, n.path, dir && !emptyDir ? open : undefined, focused)}
      className={`trow${focused ? ' focused' : ''}${current ? ' current' : ''}`}
      style={style}
      onClick={onClick}
    >
      <RowName row={row} open={open} filter={filter} />
      <span className="tcount">
        {dir && !emptyDir ? `${formatInt(n.files)} ${n.files === 1 ? 'file' : 'files'}` : ''}
      </span>
      <span className="tsize" title={formatBytesExact(n.size)}>
        {n.type === 'symlink' ? '' : formatSize(n.size)}
      </span>
      <ShareBar share={share} />
      <ExportButton path={dir ? n.path : null} onExport={onExport} />
    </div>
  );
});
