/** The CLI's --diff over the compare fixture pair: status list, totals, config, --json, exit codes. */
import { describe, expect, it } from 'vitest';
import { compareFixtures } from '../../../test/kit/compare';
import { runCli } from './main';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    out: async (c) => void (out += typeof c === 'string' ? c : Buffer.from(c).toString()),
    warn: (m) => void (err += m + '\n'),
  });
  return { code, out, err };
}

const { a, b } = compareFixtures;

describe('--diff A B', () => {
  it('prints A/D/M/T lines, the totals and the config changes; exits 1', async () => {
    const r = await cli(['--diff', a, b]);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    expect(lines).toContain('M\tinclude/linux/sched.h');
    expect(lines).toContain('A\tinclude/rust/');
    expect(lines).toContain('D\tinclude/linux/old_api.h');
    expect(lines).toContain('T\tarch/x86/include/asm');
    expect(lines).toContain('T\tinclude/linux/mode_only.h');
    // The totals count what the list shows: folders too (A include/rust/, D include/legacy/ …).
    const listed = (letter: string): number => lines.filter((l) => l.startsWith(`${letter}\t`)).length;
    const folders = lines.filter((l) => /^[ADMT]\t.*\/$/.test(l)).length;
    expect([listed('M'), listed('A'), listed('D'), listed('T'), folders]).toEqual([5, 6, 4, 4, 3]);
    expect(r.out).toMatch(
      /5 changed, 6 added, 4 removed, 4 metadata only \(3 of them folders\), 3 same; \+472 B/,
    );
    expect(lines).toContain('  ~ CONFIG_HZ 250 → 1000');
    expect(lines).toContain('  + CONFIG_NEW_FEATURE=m');
  });

  it('--json gives the same as one object (either order of the flags)', async () => {
    for (const args of [
      ['--diff', '--json', a, b],
      ['--json', '--diff', a, b],
    ]) {
      const r = await cli(args);
      expect(r.code).toBe(1);
      const j = JSON.parse(r.out);
      expect(j.identical).toBe(false);
      expect(j.totals).toMatchObject({
        changed: 5,
        added: 6,
        removed: 4,
        meta: 4,
        folders: 3,
        bytesDelta: 472,
      });
      for (const [letter, key] of [
        ['M', 'changed'],
        ['A', 'added'],
        ['D', 'removed'],
        ['T', 'meta'],
      ] as const)
        expect(j.entries.filter((e: { status: string }) => e.status === letter)).toHaveLength(j.totals[key]);
      expect(j.entries).toContainEqual({
        status: 'T',
        path: 'arch/x86/include/asm',
        sizeA: 0,
        sizeB: 0,
        meta: ['target'],
        linkA: 'asm-x86',
        linkB: 'asm-generic',
      });
      expect(j.config.changes).toHaveLength(5);
    }
  });

  it('exits 0 for identical inputs and 2 on trouble', async () => {
    const same = await cli(['--diff', a, a]);
    expect(same.code).toBe(0);
    expect(same.out.trim().split('\n').at(-1)).toBe('identical');
    expect((await cli(['--diff', a])).code).toBe(2);
    expect((await cli(['--diff', a, '/nonexistent/file'])).code).toBe(2);
  });

  it('--json alone is still the JSON report mode', async () => {
    const r = await cli(['--json', a]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).headers.files).toBeGreaterThan(0);
  });
});
