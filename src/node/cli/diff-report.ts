/** Text and JSON renderings of a Comparison for the CLI's --diff (pure; no I/O). */
import { changedEntries, identical, STATUS_LETTER, type Comparison } from '../../core/compare/compare';
import type { ConfigChange } from '../../core/compare/config-diff';
import type { Inspection } from '../../core/inspect';
import { formatSize } from '../../core/format-size';

export interface SideNames {
  a: string;
  b: string;
}

/**
 * Counts of what the list shows: every A/D/M/T line is one entry (a file, link or folder), so the
 * totals count folders too (`folders` says how many of them are folders); `same` counts the files
 * and links that did not change (unchanged folders are neither listed nor counted).
 */
export interface ListedTotals {
  changed: number;
  added: number;
  removed: number;
  meta: number;
  folders: number;
  same: number;
}

export function listedTotals(c: Comparison): ListedTotals {
  const t: ListedTotals = { changed: 0, added: 0, removed: 0, meta: 0, folders: 0, same: c.totals.same };
  for (const e of changedEntries(c.tree)) {
    t[e.status]++;
    if (e.node.children) t.folders++;
  }
  return t;
}

/** "S\tpath" for every differing entry. */
export function diffText(c: Comparison): string {
  return changedEntries(c.tree)
    .map((e) => `${STATUS_LETTER[e.status]}\t${e.path}\n`)
    .join('');
}

const signed = (n: number): string => (n > 0 ? `+${formatSize(n)}` : n < 0 ? formatSize(n) : '±0 B');

export function configLine(ch: ConfigChange): string {
  if (ch.kind === 'added') return `+ ${ch.name}=${ch.new}`;
  if (ch.kind === 'removed') return `- ${ch.name}=${ch.old}`;
  return `~ ${ch.name} ${ch.old} → ${ch.new}`;
}

/** The totals line and the config changes. */
export function diffSummary(c: Comparison, names: SideNames): string {
  const t = listedTotals(c);
  const folders = t.folders === 0 ? '' : ` (${t.folders} of them folder${t.folders === 1 ? '' : 's'})`;
  const lines = [
    '',
    `${names.a} → ${names.b}: ${t.changed} changed, ${t.added} added, ${t.removed} removed, ` +
      `${t.meta} metadata only${folders}, ${t.same} same; ${signed(c.totals.bytesB - c.totals.bytesA)}`,
  ];
  const cfg = c.config;
  if (!cfg) lines.push('config: not compared (missing on one side)');
  else {
    lines.push(
      `config: ${cfg.changed} changed, ${cfg.added} added, ${cfg.removed} removed, ${cfg.same} same`,
    );
    for (const ch of cfg.changes) lines.push(`  ${configLine(ch)}`);
  }
  if (identical(c)) lines.push('identical');
  return lines.join('\n') + '\n';
}

const side = (name: string, i: Inspection): object => ({
  name,
  kernel: i.result.kernel.version,
  arch: i.result.kernel.arch,
  files: i.result.headers?.files ?? 0,
  config: i.result.config?.source ?? null,
});

export function diffJson(c: Comparison, a: Inspection, b: Inspection, names: SideNames): object {
  return {
    a: side(names.a, a),
    b: side(names.b, b),
    identical: identical(c),
    totals: {
      ...listedTotals(c),
      bytesA: c.totals.bytesA,
      bytesB: c.totals.bytesB,
      bytesDelta: c.totals.bytesB - c.totals.bytesA,
    },
    entries: changedEntries(c.tree).map(({ status, path, node }) => ({
      status: STATUS_LETTER[status],
      path,
      sizeA: node.sizeA,
      sizeB: node.sizeB,
      ...(node.meta ? { meta: node.meta } : {}),
      ...(node.linkA !== node.linkB ? { linkA: node.linkA ?? null, linkB: node.linkB ?? null } : {}),
    })),
    config: c.config,
  };
}
