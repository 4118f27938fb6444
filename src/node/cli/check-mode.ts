/** --check: is this archive ready for bcc, bpftrace and module builds? Exit 1 when a check fails. */
import { displayText } from '../../core/names';
import { EXIT_NOT_FOUND, EXIT_OK, type Mode } from './mode';

export const checkMode: Mode = {
  flag: '--check',
  help: 'readiness for bcc/bpftrace/module builds: build files, links, version, config (exit 1 on a failure)',
  async run(file, ctx) {
    const i = await file.inspection();
    const { checksPass, itemText, readinessChecks, verdictOf } = await import('../../core/checks');
    const checks = readinessChecks(i.result);
    const lines = checks.flatMap((c) => [
      `${verdictOf(c).toUpperCase()}  ${c.title}: ${c.found}`,
      `      ${c.meaning}`,
      ...c.items.map((p) => `      - ${displayText(itemText(p))}`),
    ]);
    await ctx.out(lines.join('\n') + '\n');
    return checksPass(checks) ? EXIT_OK : EXIT_NOT_FOUND;
  },
};
