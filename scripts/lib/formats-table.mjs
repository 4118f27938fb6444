/**
 * The README's "What it opens" table, made from the format folders: each folder's README.md holds
 * one line `README row: <kind> | <layer> | <how it is found>` (kind: container, marker or codec; a
 * codec names only its layer, the codecs share one row). So a new format adds its row in its own
 * folder; `node scripts/readme-formats.mjs` writes the table and `src/core/formats/index.test.ts`
 * checks that README.md holds what this makes.
 */
import fs from 'node:fs';
import path from 'node:path';

const KINDS = ['container', 'marker', 'codec'];
const CODECS_HOW = 'magic numbers, each hit validated by its header and a trial decode';
const TAR_ROW = ['tar (ustar, GNU, pax, v7; sparse files)', '`ustar` header with a valid checksum'];
export const HEAD = ['layer', 'how it is found'];
export const START = '<!-- formats table: written by scripts/readme-formats.mjs from each format folder -->';
export const END = '<!-- end of formats table -->';

/** Every folder's row fragment: { folder, kind, layer, how }, folders in name order. */
export function fragments(formatsDir) {
  const out = [];
  for (const folder of fs.readdirSync(formatsDir).sort()) {
    const readme = path.join(formatsDir, folder, 'README.md');
    if (!fs.existsSync(readme)) continue;
    const line = fs
      .readFileSync(readme, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('README row: '));
    if (!line) continue;
    const [kind, layer, how = ''] = line.slice('README row: '.length).split(' | ');
    if (!KINDS.includes(kind)) throw new Error(`${readme}: unknown kind "${kind}" in its README row`);
    out.push({ folder, kind, layer, how });
  }
  return out;
}

/** The table's rows (cells without padding): containers, markers, one row of codecs, tar. */
export function tableRows(formatsDir) {
  const f = fragments(formatsDir);
  const of = (kind) => f.filter((x) => x.kind === kind);
  return [
    ...of('container').map((x) => [x.layer, x.how]),
    ...of('marker').map((x) => [x.layer, x.how]),
    [
      of('codec')
        .map((x) => x.layer)
        .join(', '),
      CODECS_HOW,
    ],
    TAR_ROW,
  ];
}

/** The table as markdown (unpadded; prettier pads it). */
export function tableMarkdown(rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(HEAD), line(HEAD.map(() => '---')), ...rows.map(line)].join('\n');
}
