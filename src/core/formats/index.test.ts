import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { usageText } from '../../node/cli/args';
import { modes } from '../../node/cli/modes';
import { codecs, containers, lookedFor, markers } from '.';

/** What a reader sees for each registry entry: its display name, or a marker's start and end. */
const names = (): string[] => [
  ...containers.map((c) => c.name),
  ...codecs.map((c) => c.name),
  ...markers.flatMap((m) => m.pair.split('/')),
];

/** The first column of the README's "What it opens" table, one string per row. */
function readmeRows(): string[] {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const section = readme.split('\n## What it opens\n')[1]!.split('\n## ')[0]!;
  return section
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|\s*(layer|-)/.test(l))
    .map((l) => l.split('|')[1]!.trim());
}

describe('the format registry', () => {
  it('"looked for" names every registered container, marker and codec', () => {
    const text = lookedFor();
    for (const f of [...containers, ...markers, ...codecs]) expect(text).toContain(f.name);
  });

  it('the CLI --help names every registered format', () => {
    const help = usageText(modes).replace(/\s+/g, ' ');
    for (const f of [...containers, ...markers, ...codecs]) expect(help).toContain(f.name);
  });

  it('the README\'s "What it opens" table names every registered format, and nothing else but tar', () => {
    const rows = readmeRows();
    const all = rows.join(' | ');
    for (const n of names()) expect(all, `README table lacks ${n}`).toContain(n);
    for (const row of rows) {
      const known = names().some((n) => row.includes(n)) || row.startsWith('tar ');
      expect(known, `README row "${row}" is not in the registry`).toBe(true);
    }
  });

  it('ids are unique', () => {
    const ids = [...containers.map((c) => c.id), ...codecs.map((c) => c.id), ...markers.map((m) => m.id)];
    expect(new Set(ids).size).toBe(ids.length);
  });
});
