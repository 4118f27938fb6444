import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { END, START, tableRows } from '../../../scripts/lib/formats-table.mjs';
import { usageText } from '../../node/cli/args';
import { modes } from '../../node/cli/modes';
import { codecs, containers, lookedFor, markers } from '.';

/** What a reader sees for each registry entry: its display name, or a marker's start and end. */
const names = (): string[] => [
  ...containers.map((c) => c.name),
  ...codecs.map((c) => c.name),
  ...markers.flatMap((m) => m.pair.split('/')),
];

/** The rows of the README's "What it opens" table (cells trimmed), between its marker comments. */
function readmeTable(): string[][] {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const section = readme.split(START)[1]!.split(END)[0]!;
  return section
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|\s*(layer|-)/.test(l))
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
}
const formatsDir = fileURLToPath(new URL('.', import.meta.url));

describe('the format registry', () => {
  it('"looked for" names every registered container, marker and codec', () => {
    const text = lookedFor();
    for (const f of [...containers, ...markers, ...codecs]) expect(text).toContain(f.name);
  });

  it('the CLI --help names every registered format', () => {
    const help = usageText(modes, lookedFor()).replace(/\s+/g, ' ');
    for (const f of [...containers, ...markers, ...codecs]) expect(help).toContain(f.name);
  });

  it('the README\'s "What it opens" table is the one the format folders make', () => {
    expect(readmeTable(), 'README.md is stale: run node scripts/readme-formats.mjs').toEqual(
      tableRows(formatsDir),
    );
  });

  it('the README table names every registered format (its folder README has a "README row:" line)', () => {
    const all = readmeTable().flat().join(' | ');
    for (const n of names()) expect(all, `README table lacks ${n}`).toContain(n);
  });

  it('ids are unique', () => {
    const ids = [...containers.map((c) => c.id), ...codecs.map((c) => c.id), ...markers.map((m) => m.id)];
    expect(new Set(ids).size).toBe(ids.length);
  });
});
