/** The built CLI's usage text carries the format list worked out at build time (scripts/build-cli.mjs). */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildCli, runBin } from '../../../test/kit/cli';
import { lookedFor } from '../../core/formats';
import { usageText } from './args';
import { modes } from './modes';

let built: ReturnType<typeof buildCli>;
beforeAll(() => {
  built = buildCli();
});
afterAll(() => built.dispose());

it("--help is the usage text over the source's format registry", () => {
  const r = runBin(built.bin, ['--help']);
  expect(r.code).toBe(0);
  expect(r.out).toBe(usageText(modes, lookedFor()) + '\n');
});

it('every option line has its label, two spaces at least, then its help, all in one column', () => {
  const rows = usageText(modes, lookedFor())
    .split('\n')
    .filter((l) => /^ {2}(?: {2})?(?:-|\(no option\))/.test(l));
  expect(rows.length).toBeGreaterThan(10);
  expect(rows.some((l) => l.includes('--max-output BYTES'))).toBe(true);
  // Where the help starts: after the label (words with single spaces) and two spaces or more.
  const helpAt = (l: string): number => /^ {2}(?: {2})?\S+(?: \S+)*? {2,}(?=\S)/.exec(l)?.[0].length ?? -1;
  expect(new Set(rows.map(helpAt))).toEqual(new Set([helpAt(rows[0]!)]));
  expect(helpAt(rows[0]!)).toBeGreaterThan(0);
});
