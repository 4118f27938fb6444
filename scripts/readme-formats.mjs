#!/usr/bin/env node
// Writes README.md's "What it opens" table from the `README row:` line of each format folder's
// README (scripts/lib/formats-table.mjs), between its two marker comments, formatted by prettier.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import { END, START, tableMarkdown, tableRows } from './lib/formats-table.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readmePath = path.join(root, 'README.md');
const readme = fs.readFileSync(readmePath, 'utf8');
const a = readme.indexOf(START);
const b = readme.indexOf(END);
if (a < 0 || b < a) throw new Error(`README.md lacks the marker comments ${START} … ${END}`);
const table = tableMarkdown(tableRows(path.join(root, 'src/core/formats')));
const next = readme.slice(0, a + START.length) + '\n\n' + table + '\n\n' + readme.slice(b);
const options = (await prettier.resolveConfig(readmePath)) ?? {};
fs.writeFileSync(readmePath, await prettier.format(next, { ...options, filepath: readmePath }));
console.log('README.md: "What it opens" table written');
