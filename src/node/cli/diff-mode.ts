/**
 * --diff A B [--json]: compare two artifacts (any kinds: a boot.img against a kheaders.tar.xz).
 * Text: one "S\tpath" line per differing entry (A added, D removed, M changed, T metadata only:
 * mode, mtime, owner or link target; folders end in "/"), the totals of those lines (folders
 * counted, and said how many), then the config changes.
 * --json: the same as one object. Exit codes like diff: 0 identical, 1 different, 2 trouble.
 */
import type { Inspection } from '../../core/inspect';
import { EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE, type Mode, type ModeContext } from './mode';
import { openFile } from './open-file';

async function open(path: string, ctx: ModeContext): Promise<Inspection | null> {
  try {
    const f = await openFile(path, { maxOutput: ctx.maxOutput });
    return await f.inspection();
  } catch (e) {
    ctx.warn(`cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}

export const diffMode: Mode = {
  flag: '--diff',
  help: 'compare two FILEs: changed entries (A/D/M/T + path), totals, config changes; exit 0 same, 1 differ',
  options: [{ flag: '--json', help: 'the comparison as one JSON object' }],
  checkFiles: (files) => (files.length === 2 ? null : '--diff compares two FILEs: give exactly two'),
  run: () => Promise.resolve(EXIT_USAGE),
  async runAll(files, ctx) {
    const [a, b] = await Promise.all(files.map((f) => open(f, ctx)));
    if (!a || !b) return EXIT_USAGE;
    for (const [i, side] of [a, b].entries()) {
      if (!side.result.headers && !side.result.config) {
        ctx.warn(`${files[i]}: no kernel headers or config found`);
        return EXIT_USAGE;
      }
    }
    const { compareResults, hashEntries, identical } = await import('../../core/compare/compare');
    const { diffSummary, diffText, diffJson } = await import('./diff-report');
    const c = compareResults(
      { result: a.result, hashes: hashEntries(a.result.entries, a.tar) },
      { result: b.result, hashes: hashEntries(b.result.entries, b.tar) },
    );
    const names = { a: files[0]!, b: files[1]! };
    if (ctx.options.has('--json')) await ctx.out(JSON.stringify(diffJson(c, a, b, names), null, 2) + '\n');
    else await ctx.out(diffText(c) + diffSummary(c, names));
    return identical(c) ? EXIT_OK : EXIT_NOT_FOUND;
  },
};
