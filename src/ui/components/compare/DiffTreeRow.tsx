/** One row of the diff tree: status mark, name, size delta, and for folders what changed below. */
import { memo, type CSSProperties } from 'react';
import type { DiffRow } from '../../../core/compare/diff-tree-rows';
import { formatInt } from '../../format';
import { Icon } from '../Icon';
import { iconKind, treeItemProps, Twisty } from '../tree-item';
import { signedSize, STATUS_LABEL } from './diff-format';
import { Name, nameText } from '../Name';

interface Props {
  id: string;
  row: DiffRow;
  style: CSSProperties;
  open: boolean;
  focused: boolean;
  current: boolean;
  onClick: () => void;
}

const MARK = { added: 'A', removed: 'D', changed: 'M', meta: 'T', same: '' } as const;

export const DiffTreeRow = memo(function DiffTreeRow({
  id,
  row,
  style,
  open,
  focused,
  current,
  onClick,
}: Props) {
  const n = row.node;
  const dir = n.children !== undefined;
  const c = n.counts;
  const delta = (n.sizeB ?? 0) - (n.sizeA ?? 0);
  const what = n.meta ? `${STATUS_LABEL[n.status]} (${n.meta.join(', ')})` : STATUS_LABEL[n.status];
  return (
    <div
      {...treeItemProps(id, row, n.path, dir ? open : undefined, focused)}
      data-status={n.status}
      className={`trow drow st-${n.status}${focused ? ' focused' : ''}${current ? ' current' : ''}`}
      style={{ ...style, paddingLeft: 8 + row.depth * 16 }}
      onClick={onClick}
      title={`${nameText(n.path)}: ${what}`}
    >
      <span className="dmark" aria-label={STATUS_LABEL[n.status]}>
        {MARK[n.status]}
      </span>
      <Twisty folder={dir} open={open} />
      <Icon kind={iconKind(dir, n.type)} />
      <span className="tname">
        <Name text={n.name} />
      </span>
      {dir && (
        <span className="dcounts muted">
          {c.changed > 0 && <span className="st-changed">~{formatInt(c.changed)}</span>}
          {c.added > 0 && <span className="st-added">+{formatInt(c.added)}</span>}
          {c.removed > 0 && <span className="st-removed">−{formatInt(c.removed)}</span>}
          {c.meta > 0 && <span className="st-meta">T{formatInt(c.meta)}</span>}
        </span>
      )}
      <span className={`tsize ddelta${delta > 0 ? ' up' : delta < 0 ? ' down' : ''}`}>
        {delta !== 0 || n.status !== 'same' ? signedSize(delta) : ''}
      </span>
    </div>
  );
});
