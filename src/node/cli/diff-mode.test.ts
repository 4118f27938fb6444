/** The CLI's --diff over the compare fixture pair: status list, totals, config, --json, exit codes. */
import { describe, expect, it } from 'vitest';
import { compareFixtures } from '../../core/compare/compare.testkit';
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
    expect(r.out).toMatch(/5 changed, 4 added, 3 removed, 4 metadata only, 3 same; \+472 B/);
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
      expect(j.totals).toMatchObject({ changed: 5, added: 4, removed: 3, meta: 4, bytesDelta: 472 });
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
