/** The reporting modes: the layer tree (default), --json and --list. */
import { displayText, terminalSafeJson } from '../../core/names';
import { damageLines, headerDamage } from './header-damage';
import { EXIT_NOT_FOUND, foundCode, type Mode } from './mode';

export const treeMode: Mode = {
  flag: '',
  help: 'a readable layer tree with headers, config and kernel facts (the default)',
  async run(file, ctx) {
    const i = await file.inspection();
    const { formatLayerTree } = await import('../report');
    await ctx.out(formatLayerTree(i.result));
    return foundCode(i);
  },
};

export const jsonMode: Mode = {
  flag: '--json',
  help: 'one JSON object: layers, headers, config, kernel, errors (an array of them for several FILEs)',
  before: (_path, index) => (index === 0 ? '[\n' : ',\n'),
  after: ']\n',
  async run(file, ctx) {
    const i = await file.inspection();
    const { toJson } = await import('../report');
    await ctx.out(terminalSafeJson(JSON.stringify(toJson(i.result), null, 2)) + (ctx.several ? '' : '\n'));
    return foundCode(i);
  },
};

export const listMode: Mode = {
  flag: '--list',
  help:
    '"<size>\\t<path>" for every regular file in the header archive, sorted by path; a path shows' +
    ' control and bidi characters as \\xNN / \\uXXXX and a backslash as \\\\, so one row is one line;' +
    ' a damaged or cut archive: what could be read, its errors on stderr, exit 1',
  async run(file, ctx) {
    const i = await file.inspection();
    const rows = i.result.entries
      .filter((e) => e.type === 'file')
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    await ctx.out(rows.map((e) => `${e.size}\t${displayText(e.path)}\n`).join(''));
    // Like `tar -t` of a cut or damaged archive: what could be read is listed, then the error.
    const damage = headerDamage(i.result);
    for (const line of damageLines(file.path, damage)) ctx.warn(line);
    return damage.length > 0 ? EXIT_NOT_FOUND : foundCode(i);
  },
};
