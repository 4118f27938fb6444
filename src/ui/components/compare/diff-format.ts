/** Labels for the comparison views: status names, signed size deltas, the totals line. */
import type { CompareTotals } from '../../../core/compare/compare';
import type { DiffStatus } from '../../../core/compare/tree-diff';
import { formatInt, formatSize } from '../../format';

export const STATUS_LABEL: Record<DiffStatus, string> = {
  added: 'added',
  removed: 'removed',
  changed: 'changed',
  meta: 'metadata only',
  same: 'same',
};

/** "+84.0 KiB", "−1.2 KiB", "±0 B". */
export function signedSize(delta: number): string {
  if (delta === 0) return '±0 B';
  return `${delta > 0 ? '+' : '−'}${formatSize(Math.abs(delta))}`;
}

/** "212 changed, 31 added, 4 removed, +84.0 KiB" (metadata-only named when there are any). */
export function totalsText(t: CompareTotals): string {
  const parts = [
    `${formatInt(t.changed)} changed`,
    `${formatInt(t.added)} added`,
    `${formatInt(t.removed)} removed`,
  ];
  if (t.meta > 0) parts.push(`${formatInt(t.meta)} metadata only`);
  parts.push(signedSize(t.bytesB - t.bytesA));
  return parts.join(', ');
}
