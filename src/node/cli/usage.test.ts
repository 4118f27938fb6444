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
