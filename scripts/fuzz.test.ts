import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { mutate } from './fuzz';

describe('fuzz harness', () => {
  it('mutations are seeded: the same seed gives the same bytes', () => {
    const input = new Uint8Array(4096).map((_, i) => i & 0xff);
    const other = new Uint8Array(1024).fill(7);
    expect(mutate(input, other, 42)).toEqual(mutate(input, other, 42));
    expect(mutate(input, other, 42).bytes).not.toEqual(input);
  });

  it('a bounded slice of 300 cases over every fixture finds no failure', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/fuzz.ts', '--cases', '300', '--seed', '7'],
      {
        encoding: 'utf8',
      },
    );
    expect(r.stderr).not.toMatch(/FAIL/);
    expect(r.stdout).toMatch(/300 cases .*: 0 failures/);
    expect(r.status).toBe(0);
  }, 180_000);
});
